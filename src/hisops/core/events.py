"""Domain events: how one domain tells others that something happened, after commit.

A domain that must react (the service desk recomputing SLA deadlines when holiday data
arrives) connects a handler here; the handler takes ids and usually enqueues a task.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


class Event:
    def __init__(self, name: str):
        self.name = name
        self._handlers: list[Callable[..., None]] = []

    def connect(self, handler: Callable[..., None]) -> Callable[..., None]:
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def disconnect(self, handler: Callable[..., None]) -> None:
        self._handlers.remove(handler)

    def send_on_commit(self, **payload) -> None:
        """Deliver to every handler once the current transaction commits (now if none)."""
        transaction.on_commit(lambda: self._deliver(payload))

    def _deliver(self, payload: dict) -> None:
        for handler in list(self._handlers):
            try:
                handler(**payload)
            except Exception:  # one failing subscriber must not stop the others
                logger.exception("handler %r of event %s failed", handler, self.name)
