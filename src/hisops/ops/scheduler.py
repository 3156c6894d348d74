"""Periodic work for the embedded product, where there is no Celery beat or broker.

``hisops serve`` without ``REDIS_URL`` starts one :class:`EmbeddedScheduler` thread; it
runs the same schedule in-process (tasks execute eagerly), so a single process is a
working product. Production runs Celery beat instead (``hisops worker``).
"""

import logging
import threading
import time

from django.db import close_old_connections

logger = logging.getLogger(__name__)

SECONDS = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1, "microseconds": 1e-6}


def periodic_tasks() -> list[tuple[str, str, float, tuple]]:
    """(name, task, interval in seconds, args) of every enabled interval entry in
    django-celery-beat's table: what beat would run, as admins left it."""
    import json

    from django_celery_beat.models import PeriodicTask

    rows = PeriodicTask.objects.filter(enabled=True, interval__isnull=False).select_related(
        "interval"
    )
    return [
        (
            t.name,
            t.task,
            t.interval.every * SECONDS[t.interval.period],
            tuple(json.loads(t.args or "[]")),
        )
        for t in rows.order_by("id")
    ]


class EmbeddedScheduler(threading.Thread):
    def __init__(self, *, tick_seconds: float = 5.0):
        super().__init__(name="hisops-scheduler", daemon=True)
        self.tick_seconds = tick_seconds
        self._stop_event = threading.Event()
        self._last_run: dict[str, float] = {}
        self._tasks_loaded = False

    def stop(self) -> None:
        self._stop_event.set()

    def run_due(self, now: float | None = None) -> list[str]:
        """Run every enabled entry whose interval has passed; returns the names that ran."""
        from celery import current_app as app  # the one app, configured by hisops.config

        if not self._tasks_loaded:
            from hisops.ops.reference import sync_beat_schedule

            app.loader.import_default_modules()  # registers every app's tasks.py
            sync_beat_schedule()  # the defaults, where nobody ran ``hisops init`` yet
            self._tasks_loaded = True
        now = time.monotonic() if now is None else now
        ran = []
        for name, task, every, args in periodic_tasks():
            last = self._last_run.get(name)
            if last is not None and now - last < every:
                continue
            self._last_run[name] = now
            try:
                app.tasks[task].apply(args=args, throw=True)
                ran.append(name)
            except Exception:
                logger.exception("periodic task %s failed", name)
        return ran

    def run(self) -> None:
        logger.info("embedded scheduler started")
        while not self._stop_event.is_set():
            close_old_connections()
            try:
                self.run_due()
            finally:
                close_old_connections()
            self._stop_event.wait(self.tick_seconds)
