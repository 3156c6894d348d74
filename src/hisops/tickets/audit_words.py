"""What the audit log says of the service desk's actions, and where a ticket opens."""

from django.utils.translation import gettext_lazy as _

from hisops.audit.words import describe_actions, describe_keys, link_objects
from hisops.core.capabilities import Cap

from .timeline import EVENT_WORDS

describe_actions({f"tickets.ticket.{action}": words for action, words in EVENT_WORDS.items()})
describe_actions({
    "tickets.clocks.recompute": _("recomputed the SLA clocks"),
    "tickets.ticket.read": _("read a ticket with patient data"),
    "tickets.visit.work": _("recorded the work on site"),
    "tickets.visit.sign": _("had the repair sheet signed"),
})  # fmt: skip
describe_keys({"tickets": _("tickets"), "signer": _("signer"), "file": _("file")})
link_objects({"tickets.ticket": (Cap.TICKET_VIEW, lambda t: f"/tickets/{t.number}/")})
