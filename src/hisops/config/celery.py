"""The one Celery app. See docs/decisions.md for how background work runs embedded."""

import os
from datetime import timedelta

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")

app = Celery("hisops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule. In production django-celery-beat copies these entries into its tables,
# where admins may edit them; in embedded mode ``hisops serve`` runs them in-process.
app.conf.beat_schedule = {
    "core-heartbeat": {"task": "hisops.core.tasks.heartbeat", "schedule": timedelta(minutes=1)},
    # Idempotent per contract year and lead time, so hourly is safe and survives restarts.
    "sla-sweep": {"task": "hisops.tickets.tasks.sla_sweep", "schedule": timedelta(minutes=1)},
    # Alert payloads the intake stored; with a worker each is also queued on arrival.
    "monitoring-payloads": {
        "task": "hisops.monitoring.tasks.payloads_pending",
        "schedule": timedelta(seconds=10),
    },
    # The hospitals' 报修 mailboxes: new mail becomes tickets or comments.
    "notify-mailboxes": {
        "task": "hisops.notify.tasks.poll_mailboxes",
        "schedule": timedelta(minutes=1),
    },
    # Escalation chains move on when a step's wait passes unacknowledged.
    "oncall-escalations": {
        "task": "hisops.oncall.tasks.escalations_due",
        "schedule": timedelta(minutes=1),
    },
    # Retries with backoff, robots' per-minute limits, and sends whose worker died.
    "notify-deliveries": {
        "task": "hisops.notify.tasks.deliveries_due",
        "schedule": timedelta(minutes=1),
    },
    "tickets-auto-confirm": {
        "task": "hisops.tickets.tasks.auto_confirm",
        "schedule": timedelta(hours=1),
    },
    "contract-expiry-reminders": {
        "task": "hisops.contracts.tasks.contract_expiry_reminders",
        "schedule": timedelta(hours=1),
    },
}
