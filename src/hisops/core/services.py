"""System bookkeeping of the kernel."""


def heartbeat_record(*, name: str) -> None:
    """Note that a periodic job ran (what /healthz reports). System bookkeeping: no actor,
    no audit event."""
    from django.utils import timezone

    from hisops.core.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now()})
