"""Notifications: the in-app bell, and deliveries of the same events to people's email and
the hospital's channels (group robots, webhooks), recorded and retried."""

import hashlib
import logging
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, require
from hisops.core.errors import NotFound, ValidationError, taken_in_hospital
from hisops.core.masking import mask_text
from hisops.core.tasks import enqueue
from hisops.notify.models import Channel, ChannelKind, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)


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
    personal: bool = False,
) -> int:
    """Notify each recipient once per ``key`` (and plan the event's deliveries to their
    email and the hospital's channels); returns how many in-app notifications were new.
    A ``personal`` event (a reporter's own ticket moving on) goes to the people only,
    never to the hospital's group channels.

    Called by other domains' services and tasks (the system speaks, not a person), so it
    checks no permission; recipients are chosen by the caller's rules.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    deliveries_plan(hospital=hospital, people=list(people.values()), kind=kind, key=key,
                    title=title, body=body, url=url, channels=not personal)  # fmt: skip
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


# --- Outbound channels ---------------------------------------------------------------

CLAIM = timedelta(minutes=2)  # a send not finished by then is presumed dead and retried
BACKOFF_MINUTES = (1, 2, 4, 8, 16, 32)  # after the last, the delivery is given up


@transaction.atomic
def channel_create(
    *, actor, hospital, kind: str, name: str, target: str, secret: str = "", events=(),
    per_minute: int = 20,
) -> Channel:  # fmt: skip
    require(actor, Cap.CHANNEL_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if kind not in ChannelKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(ChannelKind.values)]
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    else:
        errors.update(taken_in_hospital(Channel, hospital, name=name.strip()))
    if kind == ChannelKind.EMAIL:
        try:
            validate_email(target)
        except DjangoValidationError:
            errors["target"] = [_("Give an email address.")]
    elif urlsplit(target).scheme not in {"http", "https"} or not urlsplit(target).netloc:
        errors["target"] = [_("Give the full http(s) address.")]
    if kind in {ChannelKind.DINGTALK, ChannelKind.FEISHU} and not secret:
        pass  # signing is optional on the robot's side; keyword or IP rules may be used instead
    if not 1 <= per_minute <= 600:
        errors["per_minute"] = [_("Between 1 and 600.")]
    if errors:
        raise ValidationError(fields=errors)
    channel = Channel.objects.create(
        hospital=hospital, kind=kind, name=name.strip(), target=target.strip(), secret=secret,
        events=list(events), per_minute=per_minute,
    )  # fmt: skip
    audit_record(actor=actor, action="notify.channel.create", obj=channel, changes={"kind": kind})
    return channel


def deliveries_plan(
    *, hospital, people, kind: str, key: str, title: str, body: str, url: str, channels: bool = True,
    addresses=(), attachments=(),
) -> list[int]:  # fmt: skip
    """Deliveries for one event: each person's email (if they have one), each of
    ``addresses`` (configured recipients who need no account), and each of the hospital's
    channels that wants this kind of event. Text leaving the system is masked (ID-card and
    phone numbers); group robots get the title and link only, never the body; only mail
    carries ``attachments`` (stored files: ``{"name", "path", "content_type"}``).
    Returns the ids of deliveries created now (an event already planned adds nothing)."""
    now = timezone.now()
    subject, text = mask_text(title)[:200], mask_text(body)
    mails = list(
        dict.fromkeys(
            [person.email for person in people if person.email] + [a for a in addresses if a]
        )
    )
    rows = [
        Delivery(hospital=hospital, kind=ChannelKind.EMAIL, target=address, event=kind, key=key, subject=subject,
                 text=text, url=url, attachments=list(attachments), next_attempt_at=now)
        for address in mails
    ]  # fmt: skip
    for channel in Channel.objects.filter(hospital=hospital, is_active=True) if channels else ():
        if channel.wants(kind):
            group_text = "" if channel.kind != ChannelKind.WEBHOOK else text
            rows.append(Delivery(hospital=hospital, kind=channel.kind, channel=channel, target=channel.target,
                                 event=kind, key=key, subject=subject, text=group_text, url=url, next_attempt_at=now))  # fmt: skip
    if not rows:
        return []
    for row in rows:
        row.digest = hashlib.sha256(
            f"{row.kind}|{row.target}|{row.subject}|{row.text}|{row.url}".encode()
        ).hexdigest()
    existing = set(Delivery.objects.filter(key=key).values_list("kind", "target"))
    fresh = [r for r in rows if (r.kind, r.target) not in existing]
    Delivery.objects.bulk_create(fresh, ignore_conflicts=True)
    ids = list(
        Delivery.objects.filter(key=key, status=DeliveryStatus.PENDING, attempts=0).values_list(
            "pk", flat=True
        )
    )
    from hisops.notify.tasks import deliver

    for pk in ids:  # with a worker, sent at once; embedded, by the minute's sweep
        enqueue(deliver, pk, embedded="sweep")
    return ids


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> str:
    """Try to send one delivery; returns its status afterwards.

    The send is claimed first (status ``sending`` until ``claimed_until``) in a short
    transaction that also holds the channel's row, so two workers never send it at once
    and a robot's per-minute limit is kept by postponing, never by dropping. A worker
    that dies mid-send leaves the claim to expire; the next sweep retries it.
    """
    from hisops.notify.channels import SENDERS, SendError

    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))  # not the nullable channel join
            .select_related("channel", "hospital")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in {DeliveryStatus.SENT, DeliveryStatus.DEAD}:
            return delivery.status if delivery else "missing"
        stale = (
            delivery.status == DeliveryStatus.SENDING
            and delivery.claimed_until
            and delivery.claimed_until < now
        )
        if (
            delivery.status == DeliveryStatus.SENDING and not stale
        ) or delivery.next_attempt_at > now:
            return delivery.status
        if delivery.channel_id:
            Channel.objects.select_for_update().filter(pk=delivery.channel_id).first()
            wait = _rate_wait(delivery.channel, now)
            if wait is not None:
                delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, wait
                delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
                return delivery.status
        delivery.status, delivery.claimed_until = DeliveryStatus.SENDING, now + CLAIM
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_until", "attempts", "updated_at"])
    try:
        SENDERS[delivery.kind](delivery)
    except SendError as exc:
        give_up = delivery.attempts >= len(BACKOFF_MINUTES)
        delay = BACKOFF_MINUTES[min(delivery.attempts, len(BACKOFF_MINUTES)) - 1]
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DEAD if give_up else DeliveryStatus.FAILED, last_error=str(exc)[:2000],
            next_attempt_at=timezone.now() + timedelta(minutes=delay), claimed_until=None, updated_at=timezone.now(),
        )  # fmt: skip
        logger.warning(
            "delivery %s (%s) failed, attempt %s: %s",
            delivery.pk,
            delivery.kind,
            delivery.attempts,
            exc,
        )
        return DeliveryStatus.DEAD if give_up else DeliveryStatus.FAILED
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        updated_at=timezone.now(),
    )
    return DeliveryStatus.SENT


def _rate_wait(channel: Channel, now: datetime) -> datetime | None:
    """When the channel may send again, if its last minute is full (counting sends in
    flight); ``None`` when it may send now."""
    window = now - timedelta(minutes=1)
    recent = list(
        Delivery.objects.filter(channel=channel)
        .filter(Q(sent_at__gt=window) | Q(status=DeliveryStatus.SENDING, claimed_until__gt=now))
        .order_by("sent_at")
        .values_list("sent_at", flat=True)[: channel.per_minute]
    )
    if len(recent) < channel.per_minute:
        return None
    oldest = next((t for t in recent if t is not None), now)
    return oldest + timedelta(minutes=1)


def deliveries_due(*, now: datetime | None = None, batch: int = 200) -> int:
    """The minute's sweep: every delivery whose next attempt has come (new, failed, or
    claimed by a worker that did not finish). Returns how many were attempted."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(next_attempt_at__lte=now)
        .filter(
            Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
            | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    for pk in due:
        delivery_attempt(delivery_id=pk, now=now)
    return len(due)


# --- Messages in: the WeCom application ------------------------------------------------

TICKET_NUMBER = re.compile(r"\b(?:INC|REQ|CON|RQM)-\d{4}-\d{6}\b")
