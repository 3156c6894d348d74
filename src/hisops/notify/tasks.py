from celery import shared_task

from hisops.notify import services


@shared_task(name="hisops.notify.tasks.deliver")
def deliver(delivery_id: int) -> str:
    return services.delivery_attempt(delivery_id=delivery_id)


@shared_task(name="hisops.notify.tasks.deliveries_due")
def deliveries_due() -> int:
    return services.deliveries_due()
