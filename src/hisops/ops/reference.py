"""Reference data that ``hisops init`` loads. Each loader is idempotent and says what it did."""

from django.conf import settings
from django.db import transaction

from hisops.calendars.services import calendars_reference_load


@transaction.atomic
def sync_beat_schedule() -> str:
    """Copy the default periodic tasks (``HISOPS_PERIODIC_TASKS``) into django-celery-beat's
    table, the one schedule beat and the embedded scheduler run.

    An entry that already exists keeps its (possibly edited) interval and enabled flag.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    defaults = settings.HISOPS_PERIODIC_TASKS
    added = 0
    for name, entry in defaults.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=int(entry["schedule"].total_seconds()), period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.create(name=name, task=entry["task"], interval=interval)
        added += 1
    return f"periodic tasks: {added} added, {len(defaults) - added} already present"


def load_reference_data() -> list[str]:
    return [sync_beat_schedule(), *calendars_reference_load(), search_index_ensure()]


def search_index_ensure() -> str:
    """An installation upgraded to the search index gets it built once (later writes keep
    it current; ``hisops search reindex`` rebuilds it on demand)."""
    from hisops.search.models import SearchEntry
    from hisops.search.services import reindex

    if SearchEntry.objects.exists():
        return "search index: present"
    return f"search index: built ({reindex()} records)"
