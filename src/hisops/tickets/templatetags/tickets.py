from django import template

from hisops.tickets.masking import text_for

register = template.Library()


@register.filter
def for_viewer(text: str, user) -> str:
    """Free text of a ticket (a timeline note, a comment) as ``user`` may see it."""
    return text_for(user, text or "")
