from django import template
from django.utils.http import urlencode

from hisops.core.capabilities import can as _can

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


@register.filter
def minutes(value) -> str:
    """A number of minutes for a person: 45 分钟, 2 小时 15 分, 3 天 4 小时."""
    from django.utils.translation import gettext as _

    total = abs(int(value))
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": mins}
    return _("%(m)d min") % {"m": mins}


@register.simple_tag
def options(form, name: str):
    """The ``<option>``s of a choice field, the submitted or initial value selected.

    Django renders each option through a widget template; for filter bars with hundreds
    of choices (every system, every engineer) that was most of the queue's render time.
    """
    from html import escape

    from django.utils.safestring import mark_safe

    field = form.fields[name]
    current = form.data.get(name) if form.is_bound else form.initial.get(name)
    current = "" if current is None else str(current)
    html = []
    for value, label in field.choices:
        value = str(value)
        selected = " selected" if value == current else ""
        html.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(html))
