"""Every write of automated checks: data sources and checks (IT), a run (by hand or by the
schedule), and what a run's outcome does to incidents.

A failing check opens one incident on its item at its level (or the contract's default);
a second check failing on the same item joins that incident; a repeat failure only adds
its result. A recovery annotates the incident and, if the check says so, resolves it once
no check on it is failing. Due checks run concurrently in threads, each within its own
timeout, so a slow target never holds up the others."""

import ipaddress
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM, Cap, require
from hisops.core.errors import ValidationError
from hisops.core.i18n import system_language
from hisops.tickets.choices import OPEN_STATUSES
from hisops.tickets.services import (
    WORKING,
    TransitionInput,
    ticket_comment,
    ticket_create,
    ticket_transition,
)

from . import probes
from .choices import CheckKind
from .models import Check, CheckResult, DataSource
from .sources import url_errors

READ_ONLY_START = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)
COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _loopback_only() -> bool:
    return bool(getattr(settings, "HISOPS_CHECK_LOOPBACK_ONLY", False))


def _host_errors(host: str | None) -> list[str]:
    if not host:
        return [_("The target has no host.")]
    if _loopback_only():
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            return [_("Only this machine (127.0.0.1, ::1, localhost) may be checked here.")]
    return []


# Data sources ---------------------------------------------------------------------------


@transaction.atomic
def data_source_create(
    *, actor, hospital, name: str, engine: str, url: str, item=None
) -> DataSource:
    require(actor, Cap.CHECK_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    elif DataSource.objects.filter(hospital=hospital, name=name.strip()).exists():
        errors["name"] = [_("Another data source has this name.")]
    if problems := url_errors(engine, url) or _host_errors(urlsplit(url.strip()).hostname):
        errors["url"] = problems
    if item is not None and item.hospital_id != hospital.pk:
        errors["item"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    source = DataSource.objects.create(
        hospital=hospital, name=name.strip(), engine=engine, url=url.strip(), item=item
    )
    # The address holds a password: the log says which source, never the address.
    audit_record(
        actor=actor, action="checks.source.create", obj=source, changes={"engine": [None, engine]}
    )
    return source


# Checks ---------------------------------------------------------------------------------


def sql_errors(query: str) -> list[str]:
    """A query a check or a data-quality rule may run: one SELECT (or WITH … SELECT). The
    read-only transaction it runs in is the real guard; this names the mistake up front."""
    statement = COMMENTS.sub(" ", query).strip().rstrip(";")
    if not READ_ONLY_START.match(statement) or ";" in statement:
        return [_("A check only reads: write one SELECT (or WITH … SELECT) statement.")]
    return []


def _target_errors(kind: str, target: str, source, params: dict) -> dict[str, list[str]]:
    target = target.strip()
    if kind == CheckKind.HTTP:
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https"):
            return {"target": [_("Write an address beginning with http:// or https://.")]}
        return {"target": e} if (e := _host_errors(parts.hostname)) else {}
    if kind in (CheckKind.TCP, CheckKind.HL7_MLLP):
        try:
            host, _port = probes.host_port(target)
        except ValueError:
            return {"target": [_("Write the target as host:port.")]}
        return {"target": e} if (e := _host_errors(host)) else {}
    if kind == CheckKind.SQL:
        errors = {}
        if source is None:
            errors["source"] = [_("Choose the data source the query reads.")]
        if problems := sql_errors(target):
            errors["target"] = problems
        return errors
    if kind == CheckKind.BACKUP_FRESHNESS:
        if not PurePath(target).is_absolute():
            return {"target": [_("Write the backup folder as an absolute path.")]}
        try:
            float(params.get("max_age_hours") or 26)
        except (TypeError, ValueError):
            return {"params": [_("max_age_hours must be a number.")]}
        return {}
    return {"kind": [_("Choose one of: %s.") % ", ".join(CheckKind.values)]}


@transaction.atomic
def check_create(
    *, actor, hospital, name: str, kind: str, target: str, item, interval_minutes: int = 5, timeout_seconds: int = 10,
    level: str = "", params: dict | None = None, source: DataSource | None = None, resolve_incident: bool = False,
) -> Check:  # fmt: skip
    require(actor, Cap.CHECK_MANAGE, hospital)
    params = dict(params or {})
    errors = _target_errors(kind, target, source, params)
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if item.hospital_id != hospital.pk or (
        source is not None and source.hospital_id != hospital.pk
    ):
        errors["item"] = [_("It belongs to another hospital.")]
    if not 1 <= interval_minutes <= 7 * 24 * 60:
        errors["interval_minutes"] = [_("Between 1 minute and a week.")]
    if not 1 <= timeout_seconds <= 120:
        errors["timeout_seconds"] = [_("Between 1 and 120 seconds.")]
    if errors:
        raise ValidationError(fields=errors)
    check = Check.objects.create(
        hospital=hospital, name=name.strip(), kind=kind, target=target.strip(), source=source, item=item,
        interval_minutes=interval_minutes, timeout_seconds=timeout_seconds, level=level.strip(), params=params,
        resolve_incident=resolve_incident, next_run_at=timezone.now(),
    )  # fmt: skip
    audit_record(actor=actor, action="checks.check.create", obj=check,
                 changes={"kind": [None, kind], "item": [None, item.name]})  # fmt: skip
    return check


@transaction.atomic
def check_set_active(*, actor, check: Check, active: bool) -> Check:
    require(actor, Cap.CHECK_MANAGE, check.hospital)
    if check.is_active != active:
        check.is_active, check.next_run_at = active, timezone.now() if active else None
        check.save(update_fields=["is_active", "next_run_at", "updated_at"])
        audit_record(
            actor=actor,
            action="checks.check.pause" if not active else "checks.check.resume",
            obj=check,
        )
    return check


def check_run(*, actor, check: Check) -> CheckResult:
    """Run one check now (the "run" button and ``POST /api/v1/checks/{id}/run/``)."""
    require(actor, Cap.CHECK_MANAGE, check.hospital)
    return _record([(check, _probe(check))], now=timezone.now())[0]


def checks_run_due(*, now: datetime | None = None, workers: int | None = None) -> int:
    """Every active check whose time has come, concurrently (bounded by ``workers``);
    the schedule calls this each minute. Returns how many ran."""
    now = now or timezone.now()
    due = list(
        Check.objects.filter(is_active=True, next_run_at__lte=now)
        .select_related("source", "item", "hospital", "ticket")
        .order_by("next_run_at")[:5000]
    )
    if not due:
        return 0
    workers = workers or int(getattr(settings, "HISOPS_CHECK_WORKERS", 50))
    with ThreadPoolExecutor(
        max_workers=max(1, min(workers, len(due))), thread_name_prefix="check"
    ) as pool:
        seen = list(pool.map(_probe, due))
    _record(list(zip(due, seen, strict=True)), now=now)
    return len(due)


def _probe(check: Check) -> probes.Seen:
    return probes.run(check.kind, target=check.target, params=check.params, timeout=check.timeout_seconds,
                      source=check.source)  # fmt: skip


def _record(runs: list[tuple[Check, probes.Seen]], *, now: datetime) -> list[CheckResult]:
    results = [CheckResult(check_ref=check, ran_at=now, ok=seen.ok, duration_ms=seen.duration_ms, value=seen.value,
                           message=seen.message) for check, seen in runs]  # fmt: skip
    with transaction.atomic():
        CheckResult.objects.bulk_create(results)
        for check, seen in runs:
            check.last_run_at, check.last_ok, check.last_message = now, seen.ok, seen.message
            check.next_run_at = now + timedelta(minutes=check.interval_minutes)
        Check.objects.bulk_update(
            [c for c, _s in runs], ["last_run_at", "last_ok", "last_message", "next_run_at"]
        )
    for check, seen in runs:
        if not seen.ok:
            _failed(check, seen)
        elif check.ticket_id is not None:
            _recovered(check, now)
    return results


@transaction.atomic
def _failed(check: Check, seen: probes.Seen) -> None:
    if check.ticket_id is not None and check.ticket.status in OPEN_STATUSES:
        return  # a repeat: its result is kept, the incident stays one
    with system_language():
        sibling = (
            Check.objects.filter(item_id=check.item_id, ticket__status__in=list(OPEN_STATUSES))
            .exclude(pk=check.pk).select_related("ticket").first()
        )  # fmt: skip
        if sibling is not None:
            ticket = sibling.ticket
            ticket_comment(actor=SYSTEM, ticket=ticket, text=_("Also failing: %(name)s: %(message)s")
                           % {"name": check.name, "message": seen.message})  # fmt: skip
        else:
            title = (_("Check failed: %(name)s") % {"name": check.name})[:200]
            fields = {"actor": SYSTEM, "hospital": check.hospital, "title": title, "description": seen.message,
                      "item": check.item, "channel": "monitoring"}  # fmt: skip
            try:
                ticket = ticket_create(**fields, level_code=check.level)
            except ValidationError:  # a level the covering contract does not have
                ticket = ticket_create(**fields)
    check.ticket = ticket
    check.save(update_fields=["ticket", "updated_at"])


@transaction.atomic
def _recovered(check: Check, now: datetime) -> None:
    ticket = check.ticket
    check.ticket = None
    check.save(update_fields=["ticket", "updated_at"])
    if ticket.status not in OPEN_STATUSES:
        return
    with system_language():
        note = _("Check recovered: %(name)s at %(time)s") % {
            "name": check.name, "time": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")}  # fmt: skip
        ticket_comment(actor=SYSTEM, ticket=ticket, text=note)
        still_failing = Check.objects.filter(ticket=ticket).exists()
        if check.resolve_incident and not still_failing and ticket.status in WORKING:
            ticket_transition(actor=SYSTEM, ticket=ticket, data=TransitionInput(
                action="resolve", resolution=_("Every check on this incident has recovered.")))  # fmt: skip
