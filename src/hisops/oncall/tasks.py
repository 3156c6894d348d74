from celery import shared_task

from . import services


@shared_task(name="hisops.oncall.tasks.escalations_due")
def escalations_due() -> int:
    return services.escalations_due()
