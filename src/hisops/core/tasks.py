from celery import shared_task

from .services import heartbeat_record


@shared_task(name="hisops.core.tasks.heartbeat")
def heartbeat() -> None:
    """Proves background work runs; /healthz shows when it last did."""
    heartbeat_record(name="core-heartbeat")


def enqueue(task, *args, embedded: str = "run") -> None:
    """The one way to hand work to the background: ``task`` with ids (never model
    instances), sent once the current transaction commits (at once outside one).

    With a worker (``REDIS_URL``) it goes to Celery. Embedded there is no broker:
    ``embedded="run"`` runs it in this process after commit; ``embedded="sweep"`` leaves it
    to the periodic job that picks up pending work (alert payloads, deliveries), so no page
    waits on a robot or a parser."""
    from django.conf import settings
    from django.db import transaction

    if embedded not in {"run", "sweep"}:
        raise ValueError(f"embedded must be 'run' or 'sweep', not {embedded!r}")

    def send() -> None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            task.delay(*args)
        elif embedded == "run":
            task.apply(args=args, throw=True)

    transaction.on_commit(send)
