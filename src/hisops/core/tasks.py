from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="hisops.core.tasks.heartbeat")
def heartbeat() -> None:
    """Proves background work runs; /healthz shows when it last did."""
    Heartbeat.objects.update_or_create(
        name="core-heartbeat", defaults={"last_run_at": timezone.now()}
    )
