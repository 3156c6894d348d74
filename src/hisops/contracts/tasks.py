from celery import shared_task
from django.utils import timezone

from .services import contract_expiry_remind, quota_shortfalls_notify


@shared_task(name="hisops.contracts.tasks.contract_expiry_reminders")
def contract_expiry_reminders() -> int:
    return contract_expiry_remind(today=timezone.localdate())


@shared_task(name="hisops.contracts.tasks.quota_shortfalls")
def quota_shortfalls() -> int:
    """Hourly, idempotent (one notification per quota and period): yesterday's shortfalls."""
    return quota_shortfalls_notify(today=timezone.localdate())


@shared_task(name="hisops.contracts.tasks.staffing_checks")
def staffing_checks() -> int:
    """Hourly, idempotent: too few resident staff on site today; certificates missing or
    about to expire."""
    from django.utils import timezone as tz

    from .services import attendance_shortfalls_notify, certificates_remind

    return attendance_shortfalls_notify(now=tz.now()) + certificates_remind(today=tz.localdate())
