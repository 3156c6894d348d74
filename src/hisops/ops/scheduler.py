"""Periodic work for the embedded product, where there is no Celery beat or broker.

``hisops serve`` without ``REDIS_URL`` starts one :class:`EmbeddedScheduler` thread; it
runs the same beat schedule in-process (tasks execute eagerly), so a single process is a
working product. Production runs Celery beat instead (``hisops worker``).
"""

import logging
import threading
import time

from django.db import close_old_connections

logger = logging.getLogger(__name__)


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
        """Run every entry whose interval has passed; returns the names that ran."""
        from celery import current_app as app  # the one app, configured by hisops.config

        if not self._tasks_loaded:
            app.loader.import_default_modules()  # registers every app's tasks.py
            self._tasks_loaded = True
        now = time.monotonic() if now is None else now
        ran = []
        for name, entry in app.conf.beat_schedule.items():
            every = entry["schedule"].total_seconds()
            last = self._last_run.get(name)
            if last is not None and now - last < every:
                continue
            self._last_run[name] = now
            try:
                app.tasks[entry["task"]].apply(args=entry.get("args", ()), throw=True)
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
