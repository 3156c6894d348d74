"""Reference data that ``hisops init`` loads. Each loader is idempotent and says what it did."""

from datetime import timedelta

from django.db import transaction

from hisops.calendars.services import calendars_reference_load


@transaction.atomic
def sync_beat_schedule() -> str:
    """Copy the code's beat schedule into django-celery-beat, where admins can edit it.

    An entry that already exists keeps its (possibly edited) interval and enabled flag.
    """
    from celery import current_app as app  # the one app, configured by hisops.config
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    added = 0
    for name, entry in app.conf.beat_schedule.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        every = entry["schedule"]
        if not isinstance(every, timedelta):
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=int(every.total_seconds()), period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.create(name=name, task=entry["task"], interval=interval)
        added += 1
    return f"periodic tasks: {added} added, {len(app.conf.beat_schedule) - added} already present"


def load_reference_data() -> list[str]:
    return [sync_beat_schedule(), *calendars_reference_load()]
