from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

QUOTA_STATE_WORDS = {
    "ok": _("within"),
    "warning": _("at 80%"),
    "reached": _("reached"),
    "exceeded": _("over: billable"),
    "met": _("met"),
    "open": _("not met yet"),
    "shortfall": _("short"),
}


@register.filter
def quota_state(state: str) -> str:
    """A quota's state in words (see ``contracts.quotas.QuotaState.state``)."""
    return str(QUOTA_STATE_WORDS.get(state, ""))
