"""Reads of vendors and contracts, scoped: vendor staff see only their own vendor's."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from hisops.contracts.models import Contract, ContractYear, Quota, QuotaUse, SLALevel, SLATarget
from hisops.contracts.quotas import QuotaState, period_of, periods
from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user


def contract_list(
    *, user, vendor: int | None = None, active_on: date | None = None
) -> QuerySet[Contract]:
    if not can(user, Cap.CONTRACT_VIEW):
        return Contract.objects.none()
    qs = scope_to_user(Contract.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(vendor_id=user.vendor_id)
    if vendor:
        qs = qs.filter(vendor_id=vendor)
    if active_on:
        qs = qs.filter(starts_on__lte=active_on, ends_on__gte=active_on)
    return qs.select_related("vendor").order_by("hospital_id", "-starts_on", "number")


def contract_get(*, user, pk) -> Contract:
    try:
        return (
            contract_list(user=user)
            .prefetch_related(
                Prefetch(
                    "levels",
                    queryset=SLALevel.objects.prefetch_related(
                        Prefetch("targets", queryset=SLATarget.objects.select_related("calendar"))
                    ),
                ),
                "service_items__response_calendar",
                "quotas",
                "years",
                "covered_items",
                "kpi_targets",
            )
            .get(pk=pk)
        )
    except (Contract.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def contract_year_on(contract: Contract, day: date) -> ContractYear | None:
    return next((y for y in contract.years.all() if y.starts_on <= day <= y.ends_on), None)


def contract_covering(*, item, on: date) -> Contract | None:
    """The contract in force on a day that covers the item (or, failing that, its parent)."""
    for candidate in (item, item.parent):
        if candidate is None:
            continue
        contract = (
            Contract.objects.filter(covered_items=candidate, starts_on__lte=on, ends_on__gte=on)
            .order_by("-starts_on")
            .first()
        )
        if contract is not None:
            return contract
    return None


def level_for(contract: Contract, *, impact: str = "") -> SLALevel | None:
    """The level a ticket on this contract gets when nobody chose one: the level the
    reporter's impact answer maps to, else the contract's default level."""
    levels = list(contract.levels.all())
    if impact:
        mapped = next((lv for lv in levels if impact in lv.impacts), None)
        if mapped is not None:
            return mapped
    return next((lv for lv in levels if lv.pk == contract.default_level_id), None)


def coverage_gap(*, item, on: date) -> str:
    """Why no contract covers the item on a day: ``expired`` (one did, and ended before),
    ``not_started`` (one will), or ``not_covered``."""
    family = [c.pk for c in (item, item.parent) if c is not None]
    covering = Contract.objects.filter(covered_items__in=family)
    if covering.filter(ends_on__lt=on).exists():
        return "expired"
    if covering.filter(starts_on__gt=on).exists():
        return "not_started"
    return "not_covered"


@dataclass(frozen=True)
class QuotaReport:
    """A quota over one contract year: each period's state (up to today's), the current
    one, and the records that used it."""

    quota: Quota
    year: ContractYear
    periods: list[QuotaState]
    current: QuotaState
    uses: list[QuotaUse]

    @property
    def shortfalls(self) -> list[QuotaState]:
        return [p for p in self.periods if p.state == "shortfall"]

    @property
    def over(self) -> int:
        return sum(1 for use in self.uses if use.over)


def quota_report(contract: Contract, *, year: ContractYear, today: date) -> list[QuotaReport]:
    """Every quota of the contract over ``year`` (two queries, whatever the uses)."""
    quotas = list(contract.quotas.all())
    uses = list(
        QuotaUse.objects.filter(quota__contract=contract, year=year).order_by("used_on", "id")
    )
    reports = []
    for quota in quotas:
        mine = [u for u in uses if u.quota_id == quota.pk]
        states = [
            QuotaState(
                quota, year, start, end, sum(1 for u in mine if start <= u.used_on <= end), today
            )
            for start, end in periods(quota, year)
        ]
        shown = [p for p in states if p.start <= today] or states[:1]
        current = next((p for p in states if p.start <= today <= p.end), shown[-1])
        reports.append(
            QuotaReport(quota=quota, year=year, periods=shown, current=current, uses=mine)
        )
    return reports


def quota_states(contract: Contract, on: date) -> list[QuotaReport]:
    """The quotas of the contract year that contains ``on`` (the contract page's panel)."""
    year = contract_year_on(contract, on)
    return quota_report(contract, year=year, today=on) if year else []


def contract_year_for(contract: Contract, calendar_year: int) -> ContractYear | None:
    """The contract year that starts in ``calendar_year`` (else the one holding its 1 January)."""
    years = list(contract.years.all())
    return next((y for y in years if y.starts_on.year == calendar_year), None) or next(
        (y for y in years if y.starts_on <= date(calendar_year, 1, 1) <= y.ends_on), None
    )


def quota_uses_of(*, object_type: str, object_id) -> list[tuple[QuotaUse, int]]:
    """The quotas a record used, each with its use's number in its period (the 12th of 15)."""
    found = []
    for use in QuotaUse.objects.filter(
        object_type=object_type, object_id=str(object_id)
    ).select_related("quota", "year"):
        start, end = period_of(use.quota, use.year, use.used_on)
        number = (
            QuotaUse.objects.filter(quota_id=use.quota_id, used_on__range=(start, end))
            .filter(Q(used_on__lt=use.used_on) | Q(used_on=use.used_on, id__lte=use.pk))
            .count()
        )
        found.append((use, number))
    return found


def contracts_expiring(*, within_days: int, today: date) -> QuerySet[ContractYear]:
    """Contract years that end exactly ``within_days`` from ``today`` (for the 60/30-day
    reminders, so each reminder is due on one day only)."""
    return ContractYear.objects.filter(ends_on=today + timedelta(days=within_days)).select_related(
        "contract__vendor", "contract__hospital"
    )


def contract_stakeholders(contract: Contract) -> list:
    """Who hears about a contract: its owners (or, if none are named, the hospital's IT
    administrators) and the vendor's project managers."""
    from hisops.accounts.selectors import users_with_role
    from hisops.core.capabilities import Role

    owners = list(contract.owners.filter(is_active=True))
    if not owners:
        owners = list(users_with_role(hospital=contract.hospital, roles=[Role.IT_ADMIN]))
    managers = list(
        users_with_role(
            hospital=contract.hospital, roles=[Role.VENDOR_MANAGER], vendor=contract.vendor
        )
    )
    return owners + managers


def level_choices(*, hospital_id: int, vendor_id: int | None = None) -> list[tuple[str, str]]:
    """(code, name) of the fault levels the hospital's contracts define (a vendor's own
    only, for vendor staff), once per code, in the contracts' order."""
    levels = SLALevel.objects.filter(contract__hospital_id=hospital_id)
    if vendor_id:
        levels = levels.filter(contract__vendor_id=vendor_id)
    return list(dict(levels.order_by("position", "code").values_list("code", "name")).items())


def holiday_data_gaps(*, user) -> list[int]:
    """The years, up to the end of the latest contract this user sees, that still need the
    State Council's holiday data imported (shown where clocks are read: queue, contracts)."""
    from django.db.models import Max

    from hisops.calendars.selectors import statutory_years_missing

    until = contract_list(user=user).aggregate(end=Max("ends_on"))["end"]
    return statutory_years_missing(until=until) if until else []


@dataclass(frozen=True)
class CertificateState:
    """A certificate the contract requires of the vendor's team, and who holds it."""

    name: str
    holders: list  # VendorQualification rows still valid
    expires_on: date | None  # the latest expiry among them (None: one never expires)
    state: str  # ok | expiring (within 60 days) | missing


CERTIFICATE_WARNING_DAYS = 60


def certificate_states(contract: Contract, today: date) -> list[CertificateState]:
    """Each required certificate (seed 002 §4) against the vendor's people's, by name."""
    from hisops.accounts.models import VendorQualification

    held = list(VendorQualification.objects.filter(vendor_id=contract.vendor_id))
    states = []
    for name in contract.certificate_names:
        valid = [
            q
            for q in held
            if q.certificate == name and (q.expires_on is None or q.expires_on >= today)
        ]
        expiries = [q.expires_on for q in valid]
        latest = None if any(e is None for e in expiries) else max(expiries, default=None)
        if not valid:
            state = "missing"
        elif latest is not None and (latest - today).days <= CERTIFICATE_WARNING_DAYS:
            state = "expiring"
        else:
            state = "ok"
        states.append(CertificateState(name=name, holders=valid, expires_on=latest, state=state))
    return states


def attendance_of(*, person, contract: Contract | None, since: date):
    """A resident's days on site since ``since`` (the phone page's month)."""
    from hisops.contracts.models import Attendance

    if contract is None:
        return Attendance.objects.none()
    return Attendance.objects.filter(contract=contract, person=person, day__gte=since)


def present_on(contract: Contract, day: date) -> int:
    """How many resident staff checked in on the contract that day."""
    from hisops.contracts.models import Attendance

    return Attendance.objects.filter(contract=contract, day=day).count()
