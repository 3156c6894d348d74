"""The problem list on the ticket page: the problem an incident is linked to (banner) and
the form that links or unlinks it (side)."""

from hisops.core.capabilities import Cap, can
from hisops.problems.selectors import problem_for_ticket
from hisops.tickets.panels import Panel, register


def _context(user, ticket) -> dict | None:
    if not can(user, Cap.PROBLEM_VIEW):
        return None
    return {
        "problem": problem_for_ticket(ticket=ticket),
        "may_link": can(user, Cap.PROBLEM_MANAGE, ticket.hospital),
    }


register(
    Panel(
        name="problems",
        templates={
            "banner": "problems/partials/ticket_banner.html",
            "side": "problems/partials/ticket_side.html",
        },
        context=_context,
    )
)
