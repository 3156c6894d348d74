"""Sending and reading in-app notifications."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from hisops.core.errors import NotFound

from .models import Notification


def system_language():
    """Messages the system composes (tasks, events) speak the site's language, not that of
    whichever request last ran on this thread."""
    return translation.override(settings.LANGUAGE_CODE)


@transaction.atomic
def notification_send(
    *,
    hospital,
    recipients: Iterable,
    kind: str,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
) -> int:
    """Notify each recipient once per ``key``; returns how many were new.

    Called by other domains' services and tasks (the system speaks, not a person), so it
    checks no permission; recipients are chosen by the caller's rules.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return 0
    already = set(
        Notification.objects.filter(recipient_id__in=people, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    new = [
        Notification(
            hospital=hospital,
            recipient=person,
            kind=kind,
            key=key,
            title=title[:200],
            body=body,
            url=url,
        )
        for pk, person in people.items()
        if pk not in already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def notification_read(*, actor, pk: int | None = None) -> int:
    """Mark one of the actor's notifications read, or all of them with ``pk=None``."""
    mine = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if pk is not None:
        mine = mine.filter(pk=pk)
        if not mine.exists() and not Notification.objects.filter(recipient=actor, pk=pk).exists():
            raise NotFound()
    return mine.update(read_at=timezone.now())
