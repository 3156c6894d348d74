"""On a resolved ticket's page and a problem's page: "make an article from it", for the
hospital's IT."""

from hisops.core.capabilities import Cap, can
from hisops.core.panels import Panel, register
from hisops.tickets import panels as ticket_panels


def _for_ticket(user, ticket):
    if not can(user, Cap.ARTICLE_WRITE, ticket.hospital) or not ticket.resolution:
        return None
    return {}


def _for_problem(user, problem):
    return {} if can(user, Cap.ARTICLE_WRITE, problem.hospital) else None


register(
    "problem",
    Panel(
        name="knowledge",
        templates={"side": "knowledge/partials/problem_side.html"},
        context=_for_problem,
    ),
)
ticket_panels.register(
    Panel(
        name="knowledge",
        templates={"side": "knowledge/partials/ticket_side.html"},
        context=_for_ticket,
    )
)
