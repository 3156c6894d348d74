from celery import shared_task
from django.utils import timezone

from .services import contract_expiry_remind


@shared_task(name="hisops.contracts.tasks.contract_expiry_reminders")
def contract_expiry_reminders() -> int:
    return contract_expiry_remind(today=timezone.localdate())
