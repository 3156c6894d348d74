from celery import shared_task

from .services import heartbeat_record


@shared_task(name="hisops.core.tasks.heartbeat")
def heartbeat() -> None:
    """Proves background work runs; /healthz shows when it last did."""
    heartbeat_record(name="core-heartbeat")


def send_to_worker(task, *args) -> None:
    """Queue ``task`` for the background worker. Embedded (no broker, tasks would run
    eagerly inside the request that asked), do nothing: the scheduler in ``hisops serve``
    runs each domain's sweep for pending work, so no page waits on a robot or a parser."""
    from django.conf import settings

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(*args)
