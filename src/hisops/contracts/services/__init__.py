"""Writes for contracts, the SLA matrix and quotas."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from hisops.accounts.models import Vendor
from hisops.audit.services import audit_record, diff, snapshot
from hisops.calendars.models import BusinessCalendar
from hisops.contracts.choices import KPI_RULES, Impact, QuotaKind
from hisops.contracts.contract_templates import TEMPLATES
from hisops.contracts.events import contract_sla_changed, quota_threshold
from hisops.contracts.models import (
    IMMEDIATE_MAX,
    Contract,
    ContractYear,
    KpiTarget,
    Quota,
    QuotaUse,
    ServiceItem,
    SLALevel,
    SLATarget,
    StaffingRole,
)
from hisops.contracts.quotas import QuotaState, period_of
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError, taken_in_hospital, validate

CONTRACT_FIELDS = (
    "number", "vendor", "title", "starts_on", "ends_on", "yearly_renewal", "onsite_engineers",
    "remote_engineers", "onsite_hours", "response_channels", "warning_share", "pausing_statuses",
    "template", "notes",
)  # fmt: skip


def contract_year_spans(starts_on: date, ends_on: date) -> list[tuple[date, date]]:
    """The contract's years: consecutive spans of one year from its start, the last cut at
    its end (a contract of 2026-07-01..2029-06-30 has three)."""
    spans = []
    start = starts_on
    number = 1
    while start <= ends_on:
        following = _add_years(starts_on, number)
        spans.append((start, min(following - timedelta(days=1), ends_on)))
        start = following
        number += 1
    return spans


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def contract_create(
    *,
    actor,
    hospital,
    vendor: Vendor,
    number: str,
    title: str,
    starts_on: date,
    ends_on: date,
    **fields,
) -> Contract:
    require(actor, Cap.CONTRACT_MANAGE, hospital)
    if vendor.hospital_id != hospital.pk:
        raise ValidationError(fields={"vendor": [_("It belongs to another hospital.")]})
    if taken := taken_in_hospital(Contract, hospital, number=number):
        raise ValidationError(fields=taken)
    contract = Contract(
        hospital=hospital,
        vendor=vendor,
        number=number,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    if ends_on < starts_on:
        raise ValidationError(fields={"ends_on": [_("The contract ends before it starts.")]})
    validate(contract, exclude=["hospital"])
    contract.save()
    ContractYear.objects.bulk_create(
        ContractYear(hospital=hospital, contract=contract, number=n, starts_on=s, ends_on=e)
        for n, (s, e) in enumerate(contract_year_spans(starts_on, ends_on), start=1)
    )
    audit_record(
        actor=actor, action="contracts.contract.create", obj=contract,
        changes=diff({}, snapshot(contract, CONTRACT_FIELDS)),
    )  # fmt: skip
    return contract


@transaction.atomic
def contract_template_load(
    *,
    actor,
    hospital,
    vendor: Vendor,
    template: str,
    number: str,
    starts_on: date,
    ends_on: date,
    title: str = "",
) -> Contract:
    """A contract with the levels, targets, service items and quotas of a seed template."""
    spec = TEMPLATES.get(template)
    if spec is None:
        raise ValidationError(
            fields={"template": [_("Unknown template. Choose one of: %s.") % ", ".join(TEMPLATES)]}
        )
    calendars = {
        c.code: c for c in BusinessCalendar.objects.filter(code__in=["7x24", "cn-workday"])
    }
    if len(calendars) < 2:
        raise ValidationError(_("The shipped calendars are missing; run `hisops init`."))
    contract = contract_create(
        actor=actor,
        hospital=hospital,
        vendor=vendor,
        number=number,
        title=title or spec["name"],
        starts_on=starts_on,
        ends_on=ends_on,
        yearly_renewal=True,
        template=template,
        response_channels=spec.get("channels", []),
        onsite_engineers=spec.get("onsite_engineers", 0),
        remote_engineers=spec.get("remote_engineers", 0),
        onsite_hours=spec.get("onsite_hours", ""),
        travel_excluded=spec.get("travel_excluded", False),
        certificates_required=spec.get("certificates", ""),
        release_calendar=calendars.get(spec.get("release_calendar", "")),
    )
    for role in spec.get("staffing", []):
        StaffingRole.objects.create(hospital=hospital, contract=contract, name=role["name"], count=role["count"],
                                    resident=role.get("resident", False))  # fmt: skip
    for position, level_spec in enumerate(spec["levels"]):
        level = SLALevel.objects.create(
            hospital=hospital,
            contract=contract,
            code=level_spec["code"],
            name=level_spec["name"],
            description=level_spec.get("description", ""),
            system_level=level_spec.get("system_level", False),
            position=position,
        )
        SLATarget.objects.bulk_create(
            SLATarget(
                hospital=hospital,
                level=level,
                target=target,
                duration=value["duration"],
                unit=value["unit"],
                immediate=value.get("immediate", False),
                calendar=calendars[value["calendar"]],
            )
            for target, value in level_spec["targets"].items()
        )
    for position, item in enumerate(spec["service_items"]):
        response = item.get("response")
        ServiceItem.objects.create(
            hospital=hospital,
            contract=contract,
            code=item["code"],
            name=item["name"],
            description=item.get("description", ""),
            channels=item.get("channels", []),
            response_duration=response["duration"] if response else None,
            response_unit=response["unit"] if response else "",
            response_immediate=bool(response and response.get("immediate")),
            response_calendar=calendars[response["calendar"]] if response else None,
            response_note=item.get("note", ""),
            position=position,
        )
    _map_impacts(contract, spec["levels"])
    KpiTarget.objects.bulk_create(
        KpiTarget(hospital=hospital, contract=contract, key=key, target=Decimal(str(value)))
        for key, value in spec.get("kpis", {}).items()
    )
    Quota.objects.bulk_create(
        Quota(
            hospital=hospital,
            contract=contract,
            code=q["code"],
            name=q["name"],
            limit=q["limit"],
            days_each=q.get("days_each"),
            kind=q.get("kind", QuotaKind.CAP),
            period=q.get("period", "year"),
            counts=q.get("counts", ""),
        )
        for q in spec["quotas"]
    )
    audit_record(
        actor=actor,
        action="contracts.contract.load_template",
        obj=contract,
        changes={"template": [None, template]},
    )
    return contract


def impact_map_default(levels: list[SLALevel]) -> tuple[dict[str, SLALevel], SLALevel | None]:
    """Where the report form's answers land when the contract says nothing, by the
    levels' order (most severe first): a department down → the first level; one person
    down → the first non-system level after it; a way around → the next one; a question
    → the last. The default level (no answer) is the way-around one."""
    if not levels:
        return {}, None
    first, last = levels[0], levels[-1]
    rest = levels[1:] or [first]
    person = next((lv for lv in rest if not lv.system_level), rest[-1])
    after = levels.index(person) + 1
    around = levels[after] if after < len(levels) and levels[after] is not last else person
    mapping = {
        Impact.DEPARTMENT_DOWN: first,
        Impact.PERSON_DOWN: person,
        Impact.WORKAROUND: around,
        Impact.QUESTION: last,
    }
    return mapping, around


def _map_impacts(contract: Contract, specs: list[dict] = ()) -> None:
    """Give a new contract's levels the impact mapping and default level its template
    states (seed 003: interface and hardware levels side by side), else the default one."""
    levels = list(contract.levels.order_by("position", "code"))
    if any("impacts" in spec for spec in specs):
        by_code = {spec["code"]: spec for spec in specs}
        for level in levels:
            level.impacts = by_code[level.code].get("impacts", [])
        SLALevel.objects.bulk_update(levels, ["impacts"])
        contract.default_level = next(
            (lv for lv in levels if by_code[lv.code].get("default")), None
        )
        contract.save(update_fields=["default_level", "updated_at"])
        return
    mapping, default = impact_map_default(levels)
    for level in levels:
        level.impacts = [impact for impact, lv in mapping.items() if lv is level]
    SLALevel.objects.bulk_update(levels, ["impacts"])
    contract.default_level = default
    contract.save(update_fields=["default_level", "updated_at"])


@transaction.atomic
def contract_level_map_set(
    *, actor, contract: Contract, default_level: str, impacts: dict[str, str]
) -> Contract:
    """Which level a ticket gets when nobody chose one: the level each impact answer
    leads to, and the default. Tickets already open keep their levels."""
    require(actor, Cap.CONTRACT_MANAGE, contract.hospital)
    levels = {lv.code: lv for lv in contract.levels.all()}
    errors: dict[str, list[str]] = {}
    if default_level and default_level not in levels:
        errors["default_level"] = [_("The contract has no such level.")]
    for impact, code in impacts.items():
        if impact not in Impact.values:
            errors[impact] = [_("Choose one of: %s.") % ", ".join(Impact.values)]
        elif code and code not in levels:
            errors[impact] = [_("The contract has no such level.")]
    if errors:
        raise ValidationError(fields=errors)
    before = {
        "default_level": next(
            (code for code, lv in levels.items() if lv.pk == contract.default_level_id), ""
        ),
        "impacts": {i: code for code, lv in levels.items() for i in lv.impacts},
    }
    for code, level in levels.items():
        level.impacts = sorted(i for i, wanted in impacts.items() if wanted == code)
    SLALevel.objects.bulk_update(list(levels.values()), ["impacts"])
    contract.default_level = levels.get(default_level)
    contract.save(update_fields=["default_level", "updated_at"])
    after = {"default_level": default_level, "impacts": {i: c for i, c in impacts.items() if c}}
    audit_record(
        actor=actor, action="contracts.contract.level_map", obj=contract,
        changes=diff(before, after),
    )  # fmt: skip
    return contract


@transaction.atomic
def sla_target_set(
    *,
    actor,
    level: SLALevel,
    target: str,
    duration: int,
    unit: str,
    calendar,
    immediate: bool = False,
) -> SLATarget:
    """Set one cell of the SLA matrix (creating it if the level had no such target). An
    immediate target (立即响应) is a grace in minutes, 1 to 120; any other is at least 1."""
    require(actor, Cap.CONTRACT_MANAGE, level.hospital)
    check_duration(duration, unit, immediate)
    existing = SLATarget.objects.filter(level=level, target=target).first()
    before = snapshot(existing, TARGET_FIELDS) if existing else {}
    cell = existing or SLATarget(hospital_id=level.hospital_id, level=level, target=target)
    cell.duration, cell.unit, cell.calendar, cell.immediate = duration, unit, calendar, immediate
    validate(cell, exclude=["hospital", "level", "calendar"])
    if calendar.hospital_id not in (None, level.hospital_id):
        raise ValidationError(fields={"calendar": [_("It belongs to another hospital.")]})
    cell.save()
    audit_record(
        actor=actor, action="contracts.sla_target.set", obj=cell, hospital=level.hospital,
        changes=diff(before, snapshot(cell, TARGET_FIELDS)),
    )  # fmt: skip
    contract_sla_changed.send_on_commit(contract_id=level.contract_id, level_id=level.pk)
    return cell


@transaction.atomic
def sla_target_clear(*, actor, level: SLALevel, target: str) -> None:
    require(actor, Cap.CONTRACT_MANAGE, level.hospital)
    cell = SLATarget.objects.filter(level=level, target=target).first()
    if cell is None:
        return
    audit_record(
        actor=actor, action="contracts.sla_target.clear", obj=cell, hospital=level.hospital,
        changes=diff(snapshot(cell, TARGET_FIELDS), {}),
    )  # fmt: skip
    cell.delete()
    contract_sla_changed.send_on_commit(contract_id=level.contract_id, level_id=level.pk)


TARGET_FIELDS = ("target", "duration", "unit", "calendar", "immediate")


def check_duration(duration: int, unit: str, immediate: bool) -> None:
    """The one rule for a target's figure: "immediately" means 1 to 120 minutes; anything
    else takes at least 1 of its unit (a 0 would be breached the moment it started)."""
    if immediate and (unit != "minutes" or not 1 <= duration <= IMMEDIATE_MAX):
        raise ValidationError(
            fields={
                "duration": [_("“Immediately” is given in minutes, from 1 to %d.") % IMMEDIATE_MAX]
            }
        )
    if not immediate and duration < 1:
        raise ValidationError(
            fields={"duration": [_("Give at least 1; for 立即响应, mark the target immediate.")]}
        )


@transaction.atomic
def contract_covered_items_set(*, actor, contract: Contract, items) -> None:
    require(actor, Cap.CONTRACT_MANAGE, contract.hospital)
    items = list(items)
    if any(i.hospital_id != contract.hospital_id for i in items):
        raise ValidationError(fields={"covered_items": [_("An item belongs to another hospital.")]})
    before = sorted(contract.covered_items.values_list("pk", flat=True))
    contract.covered_items.set(items)
    after = sorted(i.pk for i in items)
    audit_record(
        actor=actor,
        action="contracts.contract.cover",
        obj=contract,
        changes={"covered_items": [before, after]},
    )


def quota_use_record(
    *, actor, quota: Quota, used_on: date, object_type: str, object_id, object_repr: str = ""
) -> QuotaState:
    """Count one use of a quota by a record, in the period ``used_on`` falls in; the same
    record counts once. A use beyond a cap (or an exact number) is flagged ``over``
    (served, billable). Crossing 80% or the limit announces ``quota_threshold``."""
    require(actor, Cap.CATALOG_VIEW, quota.hospital)
    return _use(quota, used_on, object_type, object_id, object_repr, actor)


@transaction.atomic
def _use(quota, used_on, object_type, object_id, object_repr, actor) -> QuotaState:
    year = quota.contract.years.filter(starts_on__lte=used_on, ends_on__gte=used_on).first()
    if year is None:
        raise ValidationError(fields={"used_on": [_("The date is outside the contract's period.")]})
    locked = Quota.objects.select_for_update().get(pk=quota.pk)  # serialises counting per quota
    start, end = period_of(locked, year, used_on)
    today = used_on
    before = QuotaState(
        locked, year, start, end, locked.uses.filter(used_on__range=(start, end)).count(), today
    )
    over = locked.kind in (QuotaKind.CAP, QuotaKind.EXACT) and before.used >= locked.limit
    _row, created = QuotaUse.objects.get_or_create(
        hospital_id=quota.hospital_id, quota=locked, object_type=object_type, object_id=str(object_id),
        defaults={"year": year, "used_on": used_on, "over": over, "object_repr": object_repr[:200]},
    )  # fmt: skip
    after = QuotaState(locked, year, start, end, before.used + (1 if created else 0), today)
    if created:
        audit_record(
            actor=actor, action="contracts.quota.use", obj=locked,
            changes={"used": [before.used, after.used], "object": [None, object_repr or f"{object_type}:{object_id}"]},
        )  # fmt: skip
        if locked.kind == QuotaKind.CAP and after.state != before.state:
            quota_threshold.send_on_commit(
                quota_id=locked.pk,
                year_id=year.pk,
                period=start.isoformat(),
                state=after.state,
                used=after.used,
            )
    return after


def quota_uses_for(*, actor, contract: Contract, trigger: str, used_on: date, object_type: str,
                   object_id, object_repr: str = "") -> list[QuotaState]:  # fmt: skip
    """An event that counts (an incident, an emergency visit, an inspection): one use of
    each of the contract's quotas counted by it, on the day it happened."""
    return [
        _use(quota, used_on, object_type, object_id, object_repr, actor)
        for quota in contract.quotas.filter(counts=trigger)
    ]


@transaction.atomic
def quota_uses_release(*, actor, object_type: str, object_id, reason: str = "") -> int:
    """A record that no longer counts (a ticket cancelled, or merged as a duplicate) gives
    its uses back; the uses after it in the same quota are not renumbered."""
    uses = list(
        QuotaUse.objects.select_related("quota").filter(
            object_type=object_type, object_id=str(object_id)
        )
    )
    for use in uses:
        audit_record(
            actor=actor, action="contracts.quota.release", obj=use.quota,
            changes={"object": [use.object_repr or f"{object_type}:{object_id}", None]}, message=reason,
        )  # fmt: skip
        use.delete()
    return len(uses)


EXPIRY_REMINDER_DAYS = (60, 30)


def contract_expiry_remind(*, today: date) -> int:
    """Tell each contract's stakeholders 60 and 30 days before a contract year ends.

    Runs from the periodic schedule; each reminder goes out once (keyed by contract year
    and lead time), so running it again the same day, or hourly, sends nothing twice.
    """
    from hisops.contracts.selectors import contract_stakeholders
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    sent = 0
    for days in EXPIRY_REMINDER_DAYS:
        for year in ContractYear.objects.filter(
            ends_on=today + timedelta(days=days)
        ).select_related("contract__vendor", "contract__hospital"):
            contract = year.contract
            last = year.ends_on == contract.ends_on
            with system_language():
                title = (
                    _("Contract %(number)s ends in %(days)d days (%(date)s)")
                    if last
                    else _("Contract year %(year)d of %(number)s ends in %(days)d days (%(date)s)")
                ) % {
                    "number": contract.number,
                    "days": days,
                    "date": year.ends_on.isoformat(),
                    "year": year.number,
                }
            sent += notification_send(
                hospital=contract.hospital,
                recipients=contract_stakeholders(contract),
                kind="contract_expiry",
                key=f"contract-expiry:{year.pk}:{days}",
                title=title,
                body=f"{contract.title} · {contract.vendor.name}",
                url=f"/contracts/{contract.pk}/",
            )
    return sent


def quota_shortfalls_notify(*, today: date) -> int:
    """The daily check: each minimum (or exact) quota whose period ended yesterday short
    of its number is a shortfall; the contract's stakeholders are told once."""
    from hisops.contracts.selectors import contract_stakeholders
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    yesterday = today - timedelta(days=1)
    told = 0
    quotas = Quota.objects.filter(kind__in=[QuotaKind.MINIMUM, QuotaKind.EXACT]).select_related(
        "contract__hospital"
    )
    for quota in quotas:
        year = quota.contract.years.filter(starts_on__lte=yesterday, ends_on__gte=yesterday).first()
        if year is None:
            continue
        start, end = period_of(quota, year, yesterday)
        if end != yesterday:
            continue
        used = quota.uses.filter(used_on__range=(start, end)).count()
        if used >= quota.limit:
            continue
        with system_language():
            title = _("%(contract)s: %(quota)s fell short from %(start)s to %(end)s (%(used)d of %(limit)d)") % {
                "contract": quota.contract.number, "quota": quota.name, "start": start, "end": end,
                "used": used, "limit": quota.limit,
            }  # fmt: skip
        told += notification_send(
            hospital=quota.contract.hospital, recipients=contract_stakeholders(quota.contract),
            kind="quota_shortfall", key=f"shortfall:{quota.pk}:{start.isoformat()}", title=title,
            url=f"/contracts/{quota.contract_id}/",
        )  # fmt: skip
    return told


@transaction.atomic
def contract_kpi_target_set(*, actor, contract: Contract, key: str, target) -> KpiTarget | None:
    """Set (or, with ``target=None``, remove) the contract's goal for a measure."""
    require(actor, Cap.CONTRACT_MANAGE, contract.hospital)
    if key not in KPI_RULES:
        raise ValidationError(fields={"key": [_("Choose one of: %s.") % ", ".join(KPI_RULES)]})
    existing = KpiTarget.objects.filter(contract=contract, key=key).first()
    if target is None:
        if existing is not None:
            audit_record(actor=actor, action="contracts.kpi_target.clear", obj=contract,
                         changes={key: [str(existing.target), None]})  # fmt: skip
            existing.delete()
        return None
    _way, low, high = KPI_RULES[key]
    try:
        value = Decimal(str(target))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError(
            fields={
                "target": [
                    _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}
                ]
            }
        )
    goal = existing or KpiTarget(hospital_id=contract.hospital_id, contract=contract, key=key)
    before = str(goal.target) if existing else None
    goal.target = value
    goal.save()
    audit_record(
        actor=actor,
        action="contracts.kpi_target.set",
        obj=contract,
        changes={key: [before, str(value)]},
    )
    return goal


from .staffing import (  # noqa: E402, F401 - the staffing room of the same services
    attendance_check_in,
    attendance_check_out,
    attendance_shortfalls_notify,
    onsite_calendar,
    resident_contract,
    residents_required,
    staffing_role_set,
)

CERTIFICATE_REMINDER_DAYS = (60, 30)


def certificates_remind(*, today: date) -> int:
    """Daily: a certificate a contract in force requires that no one on the vendor's team
    holds any more, or whose last valid one expires in 60 or 30 days, is told to the
    contract's stakeholders (once per contract, certificate and occasion)."""
    from hisops.contracts.selectors import certificate_states, contract_stakeholders
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    told = 0
    for contract in (
        Contract.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .exclude(certificates_required="")
        .select_related("hospital", "vendor")
    ):
        for cert in certificate_states(contract, today):
            if cert.state == "missing":
                key, template = (
                    f"cert:{contract.pk}:{cert.name}:missing",
                    _("%(contract)s: nobody on %(vendor)s's team holds a valid %(cert)s"),
                )
            elif cert.expires_on and (cert.expires_on - today).days in CERTIFICATE_REMINDER_DAYS:
                key, template = (
                    f"cert:{contract.pk}:{cert.name}:{cert.expires_on}:{(cert.expires_on - today).days}",
                    _("%(contract)s: %(vendor)s's %(cert)s expires on %(day)s"),
                )
            else:
                continue
            with system_language():
                title = str(template) % {"contract": contract.number, "vendor": contract.vendor.name,
                                         "cert": cert.name, "day": cert.expires_on}  # fmt: skip
            told += notification_send(hospital=contract.hospital, recipients=contract_stakeholders(contract),
                                      kind="certificate", key=key, title=title, url=f"/contracts/{contract.pk}/")  # fmt: skip
    return told


# The most working days a period holds: a quota whose uses each take days cannot ask more.
PERIOD_WORKING_DAYS = {"month": 23, "quarter": 66, "year": 251}


@transaction.atomic
def quota_set(
    *, actor, contract: Contract, code: str, name: str, limit: int, kind: str = QuotaKind.CAP,
    period: str = "year", counts: str = "", days_each: int | None = None,
) -> Quota:  # fmt: skip
    """Create or change one of the contract's quotas. Refused: an unknown kind, period or
    trigger, a number below 1, and uses of ``days_each`` working days that the period
    cannot hold (two 15-day inspections a month)."""
    from hisops.contracts.choices import QuotaPeriod, QuotaTrigger

    require(actor, Cap.CONTRACT_MANAGE, contract.hospital)
    errors: dict[str, list[str]] = {}
    if not code.strip() or not name.strip():
        errors["code" if not code.strip() else "name"] = [_("This field is required.")]
    if kind not in QuotaKind.values:
        errors["kind"] = [_("Choose one of: %s.") % ", ".join(QuotaKind.values)]
    if period not in QuotaPeriod.values:
        errors["period"] = [_("Choose one of: %s.") % ", ".join(QuotaPeriod.values)]
    if counts and counts not in QuotaTrigger.values:
        errors["counts"] = [_("Choose one of: %s.") % ", ".join(QuotaTrigger.values)]
    if not 1 <= limit <= 10_000:
        errors["limit"] = [_("Give a number from 1 to 10000.")]
    if (
        days_each is not None
        and period in PERIOD_WORKING_DAYS
        and limit * days_each > PERIOD_WORKING_DAYS[period]
    ):
        errors["days_each"] = [
            _("%(n)d uses of %(d)d working days do not fit in a %(period)s.")
            % {
                "n": limit,
                "d": days_each,
                "period": {
                    "month": _("month"),
                    "quarter": _("quarter"),
                    "year": _("contract year"),
                }[period],
            }
        ]
    if errors:
        raise ValidationError(fields=errors)
    quota, _created = Quota.objects.update_or_create(
        contract=contract, code=code.strip(),
        defaults={"hospital_id": contract.hospital_id, "name": name.strip(), "kind": kind, "period": period,
                  "counts": counts, "limit": limit, "days_each": days_each},
    )  # fmt: skip
    audit_record(actor=actor, action="contracts.quota.set", obj=contract,
                 changes={"quota": [None, f"{quota.name}: {quota.words}"]})  # fmt: skip
    return quota
