"""On a resolved ticket's page: "make an article from this ticket" for the hospital's IT."""

from hisops.core.capabilities import Cap, can
from hisops.core.panels import Panel
from hisops.tickets import panels as ticket_panels


def _for_ticket(user, ticket):
    if not can(user, Cap.ARTICLE_WRITE, ticket.hospital) or not ticket.resolution:
        return None
    return {}


ticket_panels.register(
    Panel(
        name="knowledge",
        templates={"side": "knowledge/partials/ticket_side.html"},
        context=_for_ticket,
    )
)
