from celery import shared_task
from django.utils import timezone

from .services import obligations_missed_notify, quality_rules_due


@shared_task(name="hisops.inspections.tasks.quality_rules")
def quality_rules() -> int:
    """Hourly: data-quality rules whose interval has passed."""
    return quality_rules_due()


@shared_task(name="hisops.inspections.tasks.obligations_missed")
def obligations_missed() -> int:
    """Hourly, idempotent (one notification per duty and period)."""
    return obligations_missed_notify(today=timezone.localdate())
