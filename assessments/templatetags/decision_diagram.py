"""``{% decision_diagrams advice as diagrams %}``: the EU and US decision diagrams of the result
page (assessments.diagram), SVG and text from the same shapes."""

from django import template

from assessments.diagram import decision_diagrams as diagrams_of

register = template.Library()


@register.simple_tag
def decision_diagrams(advice):
    return diagrams_of(advice) if advice else []
