"""The changes of a ticket (that fix it) on the ticket page, and of a CMDB item on its page."""

from hisops.catalog import panels as item_panels
from hisops.core.capabilities import Cap, can
from hisops.core.panels import Panel
from hisops.tickets import panels as ticket_panels

from .selectors import changes_for


def _for_ticket(user, ticket):
    if not can(user, Cap.CHANGE_VIEW):
        return None
    changes = changes_for(user=user, ticket=ticket)
    return {"changes": changes} if changes else None


def _for_item(user, item):
    if not can(user, Cap.CHANGE_VIEW):
        return None
    return {"changes": changes_for(user=user, item=item), "item_id": item.pk}


ticket_panels.register(
    Panel(
        name="changes",
        templates={"side": "changes/partials/changes_card.html"},
        context=_for_ticket,
    )
)
item_panels.register(
    Panel(
        name="changes", templates={"side": "changes/partials/changes_card.html"}, context=_for_item
    )
)
