from django import template
from django.urls import reverse
from django.utils.html import format_html

from hisops.catalog.selectors import visible_item_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def item_link(context, item):
    """An item's name, linked when the viewer may open it (a vendor sees the names of the
    items its own connect to, but may not open another vendor's)."""
    if item is None:
        return "—"
    visible = visible_item_ids(user=context["request"].user)
    if visible is not None and item.pk not in visible:
        return format_html('<span title="{}">{}</span>', item.code, item.name)
    return format_html(
        '<a href="{}">{}</a>', reverse("catalog:item_detail", args=[item.pk]), item.name
    )
