from django import template

from assessments.number_entry import format_number

register = template.Library()


@register.filter
def shown_number(value):
    """A saved number as the wizard shows it back (decimal point, thousands spaced): it reads back unchanged."""
    return format_number(value)
