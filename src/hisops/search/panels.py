"""While a clinician writes a report: the published articles and resolved tickets most like
it, and the system it most likely concerns (the report page's "help" slot)."""

from hisops.core.capabilities import Cap, can
from hisops.core.panels import Panel, register


def _help(user, _form):
    return {} if can(user, Cap.TICKET_CREATE) else None


register(
    "report",
    Panel(
        name="search-help", templates={"help": "search/partials/report_help.html"}, context=_help
    ),
)
