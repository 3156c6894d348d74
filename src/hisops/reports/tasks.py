from celery import shared_task

from .services import report_write as write
from .services import reports_pending


@shared_task(name="hisops.reports.tasks.report_write")
def report_write(report_id: int) -> None:
    write(report_id=report_id)


@shared_task(name="hisops.reports.tasks.pending")
def pending() -> int:
    """Queued reports: the embedded product writes them here; a worker already has each."""
    return reports_pending()


@shared_task(name="hisops.reports.tasks.due")
def due() -> int:
    """Hourly: scheduled reports whose period has ended (idempotent per period)."""
    from django.utils import timezone

    from .services import reports_due

    return reports_due(today=timezone.localdate())
