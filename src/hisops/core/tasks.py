from celery import shared_task

from .services import heartbeat_record


@shared_task(name="hisops.core.tasks.heartbeat")
def heartbeat() -> None:
    """Proves background work runs; /healthz shows when it last did."""
    heartbeat_record(name="core-heartbeat")
