"""What the CMDB announces to others (after commit)."""

from hisops.core.events import Event

# Items were written in bulk (an import), bypassing each item's save: ``item_ids``.
items_written = Event("items_written")
