"""Every write of the monitoring intake: hooks and rules (IT admins), accepting a payload
(the HTTP handler: store and answer), and processing it (in the background, idempotent).

Processing turns each alert into one row, once. A new firing alert goes to the open
incident its item already has from monitoring (a storm of alerts is one incident), or
opens one on the item the first matching rule names, at the level its severity maps to.
Alerts no rule matches are grouped by alert name into incidents without an item, so
nothing is dropped while IT adds the rule. A resolved notification annotates the
incident and, if the rule says so, resolves it once every alert on it has resolved.
"""

import fnmatch
import json
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.accounts.permissions import SYSTEM, Cap, require
from hisops.audit.services import audit_record
from hisops.core.errors import ValidationError
from hisops.core.models import Hospital
from hisops.notify.services import system_language
from hisops.tickets.choices import OPEN_STATUSES
from hisops.tickets.services import (
    TransitionInput,
    ticket_comment,
    ticket_create,
    ticket_transition,
)
from hisops.tickets.services.lifecycle import WORKING

from .choices import AlertStatus, HookKind
from .models import Alert, AlertRule, Hook, Payload
from .parsers import Parsed, ParseError, parse

logger = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024


@transaction.atomic
def hook_create(*, actor, hospital, kind: str, name: str = "") -> Hook:
    require(actor, Cap.CHANNEL_MANAGE, hospital)
    if kind not in HookKind.values:
        raise ValidationError(
            fields={"kind": [_("Choose one of: %s.") % ", ".join(HookKind.values)]}
        )
    hook = Hook.objects.create(
        hospital=hospital, kind=kind, name=(name or kind).strip()[:100],
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit_record(actor=actor, action="monitoring.hook.create", obj=hook, changes={"kind": kind})
    return hook


@transaction.atomic
def hook_revoke(*, actor, hook: Hook) -> Hook:
    require(actor, Cap.CHANNEL_MANAGE, hook.hospital)
    if hook.revoked_at is None:
        hook.revoked_at = timezone.now()
        hook.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="monitoring.hook.revoke", obj=hook)
    return hook


@transaction.atomic
def rule_create(
    *, actor, hospital, label: str, pattern: str, item, levels: dict | None = None,
    resolve_incident: bool = False, position: int = 0,
) -> AlertRule:  # fmt: skip
    require(actor, Cap.CHANNEL_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not label.strip():
        errors["label"] = [_("This field is required.")]
    if not pattern.strip():
        errors["pattern"] = [_("This field is required.")]
    if item is None or item.hospital_id != hospital.pk:
        errors["item"] = [_("Choose an item of this hospital.")]
    if levels is not None and not all(isinstance(v, str) for v in levels.values()):
        errors["levels"] = [_('Map severities to level codes, e.g. {"critical": "1"}.')]
    if errors:
        raise ValidationError(fields=errors)
    rule = AlertRule.objects.create(
        hospital=hospital, label=label.strip(), pattern=pattern.strip(), item=item, levels=levels or {},
        resolve_incident=resolve_incident, position=position,
    )  # fmt: skip
    audit_record(actor=actor, action="monitoring.rule.create", obj=rule)
    return rule


def payload_accept(*, hook: Hook, body: bytes) -> Payload:
    """What the HTTP handler does: keep the body, nothing more. The hook's token is the
    credential (checked by the caller); the body must be JSON, so a sender with a broken
    template hears so at once instead of silently losing alerts."""
    if len(body) > MAX_BODY:
        raise ValidationError(_("The payload is larger than 1 MB."), code="too_large")
    try:
        text = body.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(_("The payload is not UTF-8 JSON."), code="not_json") from exc
    payload = Payload.objects.create(hospital_id=hook.hospital_id, hook=hook, body=text)
    transaction.on_commit(lambda: _enqueue(payload.pk))
    return payload


def _enqueue(payload_id: int) -> None:
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:  # embedded: the scheduler's 10-second job takes it
        return
    from .tasks import process_payload

    process_payload.delay(payload_id)


def payload_process(*, payload_id: int) -> int:
    """Process one stored payload; returns the alerts that were new or changed. Safe to run
    twice or concurrently: the payload is processed once, and each alert is stored once."""
    with transaction.atomic():
        payload = (
            Payload.objects.select_for_update(of=("self",))
            .select_related("hook")
            .filter(pk=payload_id)
            .first()
        )
        if payload is None or payload.processed_at is not None:
            return 0
        # One hospital's alerts are correlated one payload at a time, so two workers never
        # open two incidents for the same storm.
        hospital = Hospital.objects.select_for_update().get(pk=payload.hospital_id)
        try:
            parsed = parse(
                payload.hook.kind, payload.body, zone=hospital.time_zone or "Asia/Shanghai"
            )
        except ParseError as exc:
            payload.error, payload.processed_at = str(exc)[:2000], timezone.now()
            payload.save(update_fields=["error", "processed_at", "updated_at"])
            logger.warning(
                "payload %s from hook %s unreadable: %s", payload.pk, payload.hook_id, exc
            )
            return 0
        changed = _apply(hospital, payload, parsed)
        payload.processed_at, payload.alerts_found = timezone.now(), len(parsed)
        payload.save(update_fields=["processed_at", "alerts_found", "updated_at"])
    return changed


def payloads_pending(*, batch: int = 500) -> int:
    """The background job: every payload not yet processed, oldest first."""
    done = 0
    for pk in (
        Payload.objects.filter(processed_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)[:batch]
    ):
        payload_process(payload_id=pk)
        done += 1
    return done


def _apply(hospital, payload: Payload, parsed: list[Parsed]) -> int:
    source = payload.hook.kind
    known = {
        a.key: a
        for a in Alert.objects.filter(
            hospital=hospital, source=source, key__in={p.key for p in parsed}
        )
    }
    rules = list(AlertRule.objects.filter(hospital=hospital).select_related("item"))
    incidents: dict[tuple, object] = {}  # group → ticket, for this payload's storm
    changed = 0
    for alert in parsed:
        existing = known.get(alert.key)
        if existing is None:
            rule = _match(rules, alert.labels)
            row = Alert(
                hospital=hospital, source=source, key=alert.key, status=alert.status, name=alert.name,
                severity=alert.severity, summary=alert.summary, labels=alert.labels, starts_at=alert.starts_at,
                ends_at=alert.ends_at, payload=payload, item=rule.item if rule else None,
            )  # fmt: skip
            if alert.status == AlertStatus.FIRING:
                row.ticket = _incident_for(hospital, row, rule, incidents)
            row.save()
            known[alert.key] = row
            changed += 1
        elif existing.status == AlertStatus.FIRING and alert.status == AlertStatus.RESOLVED:
            existing.status, existing.ends_at = (
                AlertStatus.RESOLVED,
                alert.ends_at or timezone.now(),
            )
            existing.save(update_fields=["status", "ends_at", "updated_at"])
            _resolved(existing, _match(rules, existing.labels))
            changed += 1
        # Anything else is a repeat (the same firing, or the same recovery): nothing changes.
    return changed


def _match(rules: list[AlertRule], labels: dict) -> AlertRule | None:
    for rule in rules:
        value = labels.get(rule.label)
        if value is not None and fnmatch.fnmatchcase(value, rule.pattern):
            return rule
    return None


def _incident_for(hospital, alert: Alert, rule: AlertRule | None, incidents: dict):
    """The open incident this alert belongs to, or a new one."""
    group = ("item", alert.item_id) if alert.item_id else ("name", alert.name)
    if group in incidents:
        return incidents[group]
    sibling = (
        Alert.objects.filter(hospital=hospital, ticket__status__in=list(OPEN_STATUSES))
        .filter(item_id=alert.item_id) if alert.item_id
        else Alert.objects.filter(hospital=hospital, item__isnull=True, name=alert.name, ticket__status__in=list(OPEN_STATUSES))
    ).select_related("ticket").order_by("-id").first()  # fmt: skip
    if sibling is not None:
        incidents[group] = sibling.ticket
        return sibling.ticket
    where = alert.labels.get("instance") or alert.labels.get("host") or ""
    with system_language():
        title = _("Alert: %(name)s %(where)s") % {"name": alert.name, "where": where}
    level = (
        (rule.levels.get(alert.severity.lower()) or rule.levels.get(alert.severity) or "")
        if rule
        else ""
    )
    try:
        ticket = ticket_create(
            actor=SYSTEM, hospital=hospital, title=title.strip()[:200], description=alert.summary,
            item=alert.item, level_code=level, channel="monitoring",
        )  # fmt: skip
    except ValidationError:  # the severity maps to a level the covering contract lacks
        ticket = ticket_create(
            actor=SYSTEM, hospital=hospital, title=title.strip()[:200], description=alert.summary,
            item=alert.item, channel="monitoring",
        )  # fmt: skip
    incidents[group] = ticket
    return ticket


def _resolved(alert: Alert, rule: AlertRule | None) -> None:
    ticket = alert.ticket
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return
    with system_language():
        note = _("Alert resolved: %(name)s at %(time)s") % {
            "name": alert.name,
            "time": timezone.localtime(alert.ends_at).strftime("%Y-%m-%d %H:%M"),
        }
    ticket_comment(actor=SYSTEM, ticket=ticket, text=note)
    still_firing = Alert.objects.filter(ticket=ticket, status=AlertStatus.FIRING).exists()
    if rule and rule.resolve_incident and not still_firing and ticket.status in WORKING:
        with system_language():
            text = _("Every alert on this incident has resolved.")
        ticket_transition(
            actor=SYSTEM, ticket=ticket, data=TransitionInput(action="resolve", resolution=text)
        )
