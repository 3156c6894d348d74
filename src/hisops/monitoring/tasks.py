from celery import shared_task

from . import services


@shared_task(name="hisops.monitoring.tasks.process_payload")
def process_payload(payload_id: int) -> int:
    return services.payload_process(payload_id=payload_id)


@shared_task(name="hisops.monitoring.tasks.payloads_pending")
def payloads_pending() -> int:
    return services.payloads_pending()
