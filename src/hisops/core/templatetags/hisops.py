from django import template
from django.utils.http import urlencode

from hisops.accounts.permissions import can as _can

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """Display-only: show a button when the service would allow the action."""
    return _can(user, capability)


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"
