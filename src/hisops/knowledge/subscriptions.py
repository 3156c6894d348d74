"""What the archive files by itself: each signed repair sheet, as a PDF (rendered by the
worker, so the signing phone does not wait for it)."""

from hisops.core.tasks import enqueue
from hisops.tickets.events import visit_signed


@visit_signed.connect
def _file_repair_sheet(*, ticket_id: int, visit_id: int) -> None:
    from .tasks import archive_repair_sheet

    enqueue(archive_repair_sheet, visit_id)
