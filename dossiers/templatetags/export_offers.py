"""``{% export_offers advice answers as choices %}``: the documents the result page's export menu
offers for this advice (dossiers.offers)."""

from django import template

from dossiers.offers import export_offers as offers_for

register = template.Library()


@register.simple_tag
def export_offers(advice, answers):
    return offers_for(advice=advice, answers=answers)
