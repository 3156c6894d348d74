from celery import shared_task

from .services import repair_sheet_archive


@shared_task(name="hisops.knowledge.tasks.archive_repair_sheet")
def archive_repair_sheet(visit_id: int) -> None:
    repair_sheet_archive(visit_id=visit_id)
