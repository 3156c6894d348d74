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
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.crypto import lookup_digest
from hisops.core.errors import ValidationError
from hisops.core.i18n import system_language
from hisops.core.models import Hospital
from hisops.core.tasks import enqueue
from hisops.tickets.choices import OPEN_STATUSES
from hisops.tickets.services import (
    WORKING,
    TransitionInput,
    ticket_comment,
    ticket_create,
    ticket_transition,
)

from .choices import AlertStatus, HookKind
from .models import Alert, AlertRule, Hook, Payload, new_token
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
    token = new_token()
    hook = Hook.objects.create(
        hospital=hospital, kind=kind, name=(name or kind).strip()[:100], token=token, token_digest=lookup_digest(token),
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
    from .tasks import process_payload

    # With a worker, processed at once; embedded, by the scheduler's 10-second job.
    enqueue(process_payload, payload.pk, embedded="sweep")
    return payload


def payload_process(*, payload_id: int) -> int:
    """Process one stored payload (the task queued on arrival); see ``payloads_process``."""
    return payloads_process(payload_ids=[payload_id])


def payloads_pending(*, batch: int = 500, chunk: int = 100) -> int:
    """The background job: payloads not yet processed, oldest first, a hospital's at a time
    in chunks (one transaction and one look-up of rules and open incidents per chunk)."""
    todo = list(
        Payload.objects.filter(processed_at__isnull=True)
        .order_by("id")
        .values_list("pk", "hospital_id")[:batch]
    )
    by_hospital: dict[int, list[int]] = {}
    for pk, hospital_id in todo:
        by_hospital.setdefault(hospital_id, []).append(pk)
    for ids in by_hospital.values():
        for start in range(0, len(ids), chunk):
            payloads_process(payload_ids=ids[start : start + chunk])
    return len(todo)


@transaction.atomic
def payloads_process(*, payload_ids: list[int]) -> int:
    """Process stored payloads of one hospital; returns the alerts that were new or
    changed. Safe to run twice or concurrently: the hospital's row is held while its alerts
    are correlated (two workers never open two incidents for one storm), a payload is
    processed once, and an alert is stored once by its source's identity."""
    payloads = list(
        Payload.objects.select_for_update(of=("self",)).select_related("hook")
        .filter(pk__in=payload_ids, processed_at__isnull=True).order_by("id")
    )  # fmt: skip
    if not payloads:
        return 0
    hospital = Hospital.objects.select_for_update().get(pk=payloads[0].hospital_id)
    now = timezone.now()
    readable = []
    for payload in payloads:
        if payload.hospital_id != hospital.pk:
            raise ValueError("payloads_process takes one hospital's payloads")
        try:
            parsed = parse(
                payload.hook.kind, payload.body, zone=hospital.time_zone or "Asia/Shanghai"
            )
        except ParseError as exc:
            payload.error = str(exc)[:2000]
            logger.warning(
                "payload %s from hook %s unreadable: %s", payload.pk, payload.hook_id, exc
            )
            parsed = []
        payload.processed_at, payload.alerts_found = now, len(parsed)
        readable.append((payload, parsed))
    changed = _apply(hospital, readable)
    Payload.objects.bulk_update(payloads, ["processed_at", "alerts_found", "error"])
    return changed


def _apply(hospital, readable: list[tuple[Payload, list[Parsed]]]) -> int:
    keys = {(payload.hook.kind, alert.key) for payload, parsed in readable for alert in parsed}
    known = {
        (a.source, a.key): a
        for a in Alert.objects.filter(
            hospital=hospital, key__in={k for _s, k in keys}
        ).select_related("ticket")
    }
    rules = list(AlertRule.objects.filter(hospital=hospital).select_related("item"))
    incidents: dict[tuple, object] = {}  # group → open ticket, for this chunk's storm
    new: list[Alert] = []
    changed = 0
    for payload, parsed in readable:
        source = payload.hook.kind
        for alert in parsed:
            existing = known.get((source, alert.key))
            if existing is None:
                rule = _match(rules, alert.labels)
                row = Alert(
                    hospital=hospital, source=source, key=alert.key, status=alert.status, name=alert.name,
                    severity=alert.severity, summary=alert.summary, labels=alert.labels, starts_at=alert.starts_at,
                    ends_at=alert.ends_at, payload=payload, item=rule.item if rule else None,
                )  # fmt: skip
                if alert.status == AlertStatus.FIRING:
                    row.ticket = _incident_for(hospital, row, rule, incidents)
                known[(source, alert.key)] = row
                new.append(row)
                changed += 1
            elif existing.status == AlertStatus.FIRING and alert.status == AlertStatus.RESOLVED:
                existing.status, existing.ends_at = (
                    AlertStatus.RESOLVED,
                    alert.ends_at or timezone.now(),
                )
                if existing.pk is None:  # fired and resolved within this chunk: store the firing
                    Alert.objects.bulk_create(new)
                    new.clear()
                existing.save(update_fields=["status", "ends_at", "updated_at"])
                _resolved(existing, _match(rules, existing.labels))
                changed += 1
            # Anything else is a repeat (the same firing, or the same recovery): nothing changes.
    Alert.objects.bulk_create(new)
    return changed


def severity_level_code(rule: AlertRule | None, severity: str) -> str:
    """The level code a rule maps an alert's severity to ("" for none: the contract's default)."""
    if rule is None:
        return ""
    return rule.levels.get(severity.lower()) or rule.levels.get(severity) or ""


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
    level = severity_level_code(rule, alert.severity)
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


@dataclass(frozen=True)
class Trial:
    """What an alert would do, found by the same parser, rules and levels as a real one."""

    alert: Parsed
    rule: AlertRule | None
    contract: object
    level: object
    joins: object  # the open incident it would join, if any


def sample_body(kind: str, *, label: str, value: str, severity: str, now) -> str:
    """A test alert in the format the source sends (see the setup text on the page)."""
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    labels = {"alertname": "HISOpsTest", label: value, "severity": severity}
    if kind == HookKind.ZABBIX:
        local = timezone.localtime(now).strftime("%Y.%m.%d %H:%M:%S")
        body = {"event_id": "test", "status": "PROBLEM", "severity": severity, "host": value,
                "name": "HISOps test", "time": local, "tags": [{"tag": label, "value": value}]}  # fmt: skip
    elif kind == HookKind.GENERIC:
        body = {"key": "test", "status": "firing", "name": "HISOpsTest", "severity": severity,
                "labels": labels, "starts_at": stamp}  # fmt: skip
    else:  # Alertmanager and Grafana send the same shape
        body = {"version": "4", "status": "firing", "alerts": [{"status": "firing", "labels": labels,
                "annotations": {"summary": "HISOps test"}, "startsAt": stamp, "fingerprint": "test"}]}  # fmt: skip
    return json.dumps(body)


def alert_try(*, actor, hook: Hook, label: str, value: str, severity: str) -> Trial:
    """Run a test alert through the hook's parser, the rules and the level mapping, and
    say what it would do. Writes nothing: no alert, no incident."""
    from hisops.contracts.selectors import contract_covering, level_for

    require(actor, Cap.CHANNEL_MANAGE, hook.hospital)
    if not label.strip() or not value.strip():
        raise ValidationError(
            fields={"value": [_("Give a label and its value, e.g. instance = his-db-01.")]}
        )
    body = sample_body(
        hook.kind, label=label.strip(), value=value.strip(), severity=severity, now=timezone.now()
    )
    alert = parse(hook.kind, body, zone=hook.hospital.time_zone or "Asia/Shanghai")[0]
    rule = _match(
        list(AlertRule.objects.filter(hospital=hook.hospital).select_related("item")), alert.labels
    )
    item = rule.item if rule else None
    contract = contract_covering(item=item, on=timezone.localdate()) if item else None
    level = None
    if contract is not None:
        code = severity_level_code(rule, alert.severity)
        level = (contract.levels.filter(code=code).first() if code else None) or level_for(contract)
    sibling = (
        Alert.objects.filter(hospital=hook.hospital, item=item, ticket__status__in=list(OPEN_STATUSES))
        .select_related("ticket").order_by("-id").first() if item else None
    )  # fmt: skip
    return Trial(
        alert=alert,
        rule=rule,
        contract=contract,
        level=level,
        joins=sibling.ticket if sibling else None,
    )
