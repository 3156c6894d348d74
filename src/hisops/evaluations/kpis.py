"""The KPIs: one definition of each measure, used by the API, the pages, the dashboards and
every report. ``docs/kpis.md`` states each formula in words; the functions below are
those words in code, one per measure, over one :class:`Basis` (the subject's records in
the period). Rates are fractions from 0 to 1; a rate with nothing to measure is ``None``
(shown as "—"), never 0 or 1.

Which records a period holds:
- *reported in the period*: tickets whose ``reported_at`` falls in it (clocks, breaches);
- *resolved in the period*: tickets whose ``resolved_at`` falls in it (MTTR, satisfaction,
  first-contact resolution, reopen rate);
cancelled and merged tickets count in neither. Moments are taken in the hospital's time
zone (a Shanghai month ends at 24:00 Shanghai time)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from statistics import fmean, median

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hisops.calendars.periods import Period
from hisops.catalog.selectors import item_family_ids
from hisops.changes.choices import ChangeStatus
from hisops.changes.models import Change
from hisops.contracts.choices import Target
from hisops.core.scoping import scope_to_user
from hisops.monitoring.models import Alert
from hisops.problems.models import Problem
from hisops.tickets.choices import Kind, Status
from hisops.tickets.models import OnsiteVisit, SLAClock, Ticket, TicketEvent

RATE, MINUTES, COUNT, SCORE, DAYS = "rate", "minutes", "count", "score", "days"
HIGHER, LOWER = "higher", "lower"  # which way is better
NOT_COUNTED = (Status.CANCELLED, Status.MERGED)


@dataclass(frozen=True)
class Subject:
    """Whose figures: a contract, a vendor, a system (with its modules), a team or a person;
    none of them means everything the user's hospital has."""

    contract: object = None
    vendor: object = None
    item: object = None
    group: object = None
    person: object = None

    @property
    def vendor_id(self) -> int | None:
        if self.contract is not None:
            return self.contract.vendor_id
        return self.vendor.pk if self.vendor is not None else None

    def __str__(self) -> str:
        parts = [self.contract, self.vendor, self.item, self.group, self.person]
        return " · ".join(str(p) for p in parts if p is not None) or str(_("whole hospital"))


@dataclass
class Figure:
    """One measure's result: its value and what it was computed from."""

    key: str
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict = field(default_factory=dict)


class Basis:
    """The subject's records in the period, fetched once for every measure that reads them."""

    def __init__(self, *, user, subject: Subject, period: Period, now: datetime | None = None):
        self.user, self.subject, self.period = user, subject, period
        self.now = now or timezone.now()
        hospital = getattr(user, "hospital", None) or getattr(subject.contract, "hospital", None)
        self.start, self.end = period.bounds(hospital.time_zone if hospital else settings.TIME_ZONE)
        # Time that has passed: a running period is measured up to now.
        self.until = min(self.end, max(self.start, self.now))

    # --- the records -------------------------------------------------------------------
    def _scoped(self, model) -> QuerySet:
        return scope_to_user(model.objects.all(), self.user)

    @cached_property
    def family(self) -> list[int] | None:
        item = self.subject.item
        return item_family_ids(item_id=item.pk) if item is not None else None

    @cached_property
    def tickets(self) -> QuerySet[Ticket]:
        qs = self._scoped(Ticket).exclude(status__in=NOT_COUNTED)
        s = self.subject
        if s.contract is not None:
            qs = qs.filter(contract_id=s.contract.pk)
        if s.vendor is not None:
            qs = qs.filter(contract__vendor_id=s.vendor.pk)
        if self.family is not None:
            qs = qs.filter(item_id__in=self.family)
        if s.group is not None:
            qs = qs.filter(group_id=s.group.pk)
        if s.person is not None:
            qs = qs.filter(assignee_id=s.person.pk)
        return qs

    @cached_property
    def reported(self) -> QuerySet[Ticket]:
        return self.tickets.filter(reported_at__gte=self.start, reported_at__lt=self.end)

    @cached_property
    def resolved(self) -> QuerySet[Ticket]:
        return self.tickets.filter(resolved_at__gte=self.start, resolved_at__lt=self.end)

    @cached_property
    def clocks(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(target, level code) → (decided, on time). A clock is decided once it was met or
        its due time has passed; it is on time when met by its due time."""
        rows = (
            SLAClock.objects.filter(ticket__in=self.reported)
            .values("target", "ticket__level__code")
            .annotate(
                decided=Count("id", filter=Q(met_at__isnull=False) | Q(due_at__lte=self.now)),
                on_time=Count("id", filter=Q(met_at__isnull=False, met_at__lte=F("due_at"))),
            )
            .order_by()
        )
        return {(r["target"], r["ticket__level__code"] or ""): (r["decided"], r["on_time"]) for r in rows}  # fmt: skip

    @cached_property
    def repair_minutes(self) -> list[float]:
        """Minutes from report to resolution of each incident resolved in the period (one
        duration per row from the database: cheaper to read than two moments)."""
        spent = ExpressionWrapper(F("resolved_at") - F("reported_at"), output_field=DurationField())
        return [d.total_seconds() / 60 for d in
                self.resolved.filter(kind=Kind.INCIDENT).annotate(spent=spent).values_list("spent", flat=True)]  # fmt: skip

    @cached_property
    def ratings(self) -> dict[int, int]:
        """Follow-up ratings of the tickets resolved in the period: score → how many."""
        rows = (
            self.resolved.filter(satisfaction__isnull=False)
            .values_list("satisfaction")
            .annotate(n=Count("id"))
        )
        return dict(rows.order_by())

    @cached_property
    def resolution_paths(self) -> dict[str, int]:
        """Of the tickets resolved in the period: how many, how many were reopened, and how
        many were resolved at first contact (never visited on site, never reopened, assigned
        at most once). Counted in the database: it joins the timeline."""
        paths = self.resolved.annotate(
            reopened=Exists(TicketEvent.objects.filter(ticket=OuterRef("pk"), action="reopen")),
            visited=Exists(OnsiteVisit.objects.filter(ticket=OuterRef("pk"))),
            assigns=Count("events", filter=Q(events__action="assign")),
        )
        return paths.aggregate(
            total=Count("id"),
            reopened_n=Count("id", filter=Q(reopened=True)),
            first=Count("id", filter=Q(visited=False, reopened=False, assigns__lte=1)),
        )

    @cached_property
    def open_ages(self) -> list[float]:
        """Age in days, at the period's end (or now), of each ticket open then: reported
        before it and neither resolved nor closed by then."""
        reported = (
            self.tickets.filter(reported_at__lt=self.until)
            .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=self.until))
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=self.until))
            .values_list("reported_at", flat=True)
        )
        return [(self.until - moment).total_seconds() / 86400 for moment in reported]

    @cached_property
    def alert_counts(self) -> tuple[int, int]:
        """Alerts that started in the period on the subject's systems or vendor, and how
        many of them opened or joined an incident (one query)."""
        qs = self._others(Alert, vendor_path="", item_path="item_id")
        if self.subject.vendor_id is not None:
            qs = qs.filter(Q(ticket__contract__vendor_id=self.subject.vendor_id) | Q(
                ticket__isnull=True, item__vendor_id=self.subject.vendor_id))  # fmt: skip
        counts = qs.filter(starts_at__gte=self.start, starts_at__lt=self.end).aggregate(
            total=Count("id"), linked=Count("id", filter=Q(ticket__isnull=False)))  # fmt: skip
        return counts["total"], counts["linked"]

    def major_incidents(self) -> QuerySet[Ticket]:
        """Tickets reported in the period at a system-level (major incident) fault level."""
        return (
            self.reported.filter(level__system_level=True)
            .select_related("item", "level")
            .order_by("reported_at")
        )

    def problems(self) -> QuerySet[Problem]:
        """Problems open at the period's end or closed in it (the 问题清单 of a report)."""
        qs = self._others(Problem, vendor_path="vendor_id", item_path="item_id")
        return (
            qs.filter(created_at__lt=self.end)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=self.start))
            .select_related("item")
            .order_by("created_at")
        )

    def changes(self) -> QuerySet[Change]:
        """Changes of the subject that finished in the period (released, failed, rolled back)."""
        qs = self._others(Change, vendor_path="vendor_id", item_path="items")
        if self.subject.contract is not None:
            qs = qs.filter(Q(contract_id=self.subject.contract.pk) | Q(contract__isnull=True))
        return qs.filter(finished_at__gte=self.start, finished_at__lt=self.end).order_by(
            "finished_at"
        )

    def _others(self, model, *, vendor_path: str, item_path: str) -> QuerySet:
        """Problems, changes and alerts of the subject (a team or a person has none)."""
        qs = self._scoped(model)
        if self.subject.group is not None or self.subject.person is not None:
            return qs.none()
        if self.subject.vendor_id is not None and vendor_path:
            qs = qs.filter(**{vendor_path: self.subject.vendor_id})
        if self.family is not None:
            qs = qs.filter(**{f"{item_path}__in": self.family})
        return qs.distinct() if item_path.endswith("items") else qs


# --- the measures ----------------------------------------------------------------------
def share(part: int, whole: int) -> float | None:
    """A rate as the API, the pages and the documents all give it: 4 decimal places."""
    return round(part / whole, 4) if whole else None


def _rate(key: str, on_time: int, decided: int, breakdown=None) -> Figure:
    return Figure(key, share(on_time, decided), on_time, decided, breakdown or {})


def _met_rate(target: str) -> Callable[[Basis], Figure]:
    def compute(b: Basis) -> Figure:
        by_level: dict[str, dict] = {}
        decided = on_time = 0
        for (t, level), (d, o) in sorted(b.clocks.items()):
            if t != target:
                continue
            decided, on_time = decided + d, on_time + o
            by_level[level] = {"decided": d, "on_time": o, "rate": share(o, d)}
        return _rate(f"{target}_met_rate", on_time, decided, {"by_level": by_level})

    return compute


def breaches(b: Basis) -> Figure:
    by_level: dict[str, int] = defaultdict(int)
    by_target: dict[str, int] = defaultdict(int)
    for (target, level), (decided, on_time) in b.clocks.items():
        by_level[level] += decided - on_time
        by_target[target] += decided - on_time
    return Figure("breaches", sum(by_level.values()), breakdown={
        "by_level": dict(sorted(by_level.items())), "by_target": dict(by_target)})  # fmt: skip


def mttr(b: Basis) -> Figure:
    minutes = b.repair_minutes
    return Figure(
        "mttr_minutes", round(fmean(minutes), 1) if minutes else None, denominator=len(minutes)
    )


def mttr_median(b: Basis) -> Figure:
    minutes = b.repair_minutes
    return Figure("mttr_median_minutes", round(median(minutes), 1) if minutes else None,
                  denominator=len(minutes))  # fmt: skip


def first_contact(b: Basis) -> Figure:
    paths = b.resolution_paths
    return _rate("first_contact_resolution_rate", paths["first"], paths["total"])


def reopen(b: Basis) -> Figure:
    paths = b.resolution_paths
    return _rate("reopen_rate", paths["reopened_n"], paths["total"])


def satisfaction(b: Basis) -> Figure:
    counts = {n: b.ratings.get(n, 0) for n in range(1, 6)}
    total, rated = sum(n * c for n, c in counts.items()), sum(counts.values())
    return Figure(
        "satisfaction_avg",
        round(total / rated, 2) if rated else None,
        total,
        rated,
        {"by_score": counts},
    )


def satisfaction_count(b: Basis) -> Figure:
    return Figure("satisfaction_count", sum(b.ratings.values()))


def tickets_reported(b: Basis) -> Figure:
    """Breakdowns: by kind, and the ten systems with the most (a module counts for its system)."""
    by_kind = dict(b.reported.values_list("kind").annotate(n=Count("id")).order_by())
    by_system: dict[str, int] = defaultdict(int)
    rows = (
        b.reported.values_list("item__parent__name", "item__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    for parent, name, n in rows:
        by_system[parent or name or str(_("no system named"))] += n
    top = dict(sorted(by_system.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
    return Figure(
        "tickets_reported", sum(by_kind.values()), breakdown={"by_kind": by_kind, "by_system": top}
    )


def tickets_resolved(b: Basis) -> Figure:
    return Figure("tickets_resolved", b.resolved.count())


def backlog(b: Basis) -> Figure:
    """Open at the end of the period (or now, for the running one): reported before it and
    not resolved by then; the value is their number, the breakdown their mean age."""
    ages = b.open_ages
    return Figure("backlog_open", len(ages), breakdown={
        "mean_age_days": round(fmean(ages), 1) if ages else None,
        "oldest_days": round(max(ages), 1) if ages else None})  # fmt: skip


def backlog_age(b: Basis) -> Figure:
    ages = b.open_ages
    return Figure(
        "backlog_age_days", round(fmean(ages), 1) if ages else None, denominator=len(ages)
    )


def problems_opened(b: Basis) -> Figure:
    qs = b._others(Problem, vendor_path="vendor_id", item_path="item_id")
    return Figure(
        "problems_opened", qs.filter(created_at__gte=b.start, created_at__lt=b.end).count()
    )


def problems_closed(b: Basis) -> Figure:
    qs = b._others(Problem, vendor_path="vendor_id", item_path="item_id")
    closed = qs.filter(closed_at__gte=b.start, closed_at__lt=b.end)
    return Figure("problems_closed_with_conclusion", closed.exclude(conclusion="").count(),
                  denominator=closed.count())  # fmt: skip


def _changes(status: str, key: str) -> Callable[[Basis], Figure]:
    def compute(b: Basis) -> Figure:
        qs = b._others(Change, vendor_path="vendor_id", item_path="items")
        if b.subject.contract is not None:
            qs = qs.filter(Q(contract_id=b.subject.contract.pk) | Q(contract__isnull=True))
        return Figure(
            key, qs.filter(status=status, finished_at__gte=b.start, finished_at__lt=b.end).count()
        )

    return compute


def alerts(b: Basis) -> Figure:
    total, to_incidents = b.alert_counts
    return Figure("alerts", total, to_incidents)


def alerts_to_incidents(b: Basis) -> Figure:
    total, to_incidents = b.alert_counts
    return _rate("alerts_to_incidents_rate", to_incidents, total)


def availability(b: Basis) -> Figure:
    """Per system: 1 − downtime ÷ the period's elapsed minutes, downtime being the union of
    its major incidents (a system-level fault level) from report to resolution. The value
    is the lowest system's."""
    elapsed = (b.until - b.start).total_seconds() / 60
    rows = (
        b.tickets.filter(level__system_level=True, reported_at__lt=b.until)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=b.start))
        .values_list("item__parent__code", "item__parent__name", "item__code", "item__name",
                     "item__kind", "reported_at", "resolved_at")
    )  # fmt: skip
    spans: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    for pcode, pname, code, name, kind, reported, resolved in rows:
        system = (code, name) if kind == "system" or not pcode else (pcode, pname)
        spans[system].append((max(reported, b.start), min(resolved or b.until, b.until)))
    systems = {}
    for (code, name), intervals in sorted(spans.items()):
        down, reach = 0.0, None
        for first, last in sorted(intervals):
            if reach is not None and first < reach:
                first = reach
            if last > first:
                down += (last - first).total_seconds() / 60
            reach = max(reach or last, last)
        systems[code] = {"name": name, "downtime_minutes": round(down, 1),
                         "availability": round(1 - down / elapsed, 4) if elapsed else None}  # fmt: skip
    values = [s["availability"] for s in systems.values() if s["availability"] is not None]
    return Figure("availability", min(values) if values else (1.0 if elapsed else None),
                  breakdown={"by_system": systems})  # fmt: skip


def quota_use(b: Basis) -> Figure:
    """Uses of the contract's quotas dated in the period, per quota (a contract's measure)."""
    from hisops.contracts.models import QuotaUse

    contract = b.subject.contract
    if contract is None:
        return Figure("quota_use", None)
    uses = dict(
        QuotaUse.objects.filter(quota__contract=contract, used_on__gte=b.period.start, used_on__lte=b.period.end)
        .values_list("quota__code").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    quotas = {q.code: {"name": q.name, "kind": q.kind, "period": q.period, "limit": q.limit,
                       "used": uses.get(q.code, 0)} for q in contract.quotas.all()}  # fmt: skip
    return Figure("quota_use", sum(uses.values()), breakdown={"by_quota": quotas})


def obligations(b: Basis) -> Figure:
    """Recurring duties (inspections, drills, trainings, meetings, minimum quotas) whose
    periods ended inside this one: done ÷ required (a contract's measure)."""
    from hisops.inspections.selectors import obligation_list

    contract = b.subject.contract
    if contract is None:
        return Figure("obligations_met_rate", None)
    today = timezone.localdate(b.now)
    done = required = 0
    by_kind: dict[str, dict] = {}
    for year in sorted({b.period.start.year, b.period.end.year}):
        for duty in obligation_list(user=b.user, contract=contract, year=year, today=today):
            for p in duty.periods:
                if not (b.period.start <= p.end <= b.period.end) or p.end >= today:
                    continue
                row = by_kind.setdefault(duty.kind, {"required": 0, "done": 0, "missed": []})
                row["required"] += p.required
                row["done"] += min(p.done, p.required)
                if p.missed:
                    row["missed"].append(f"{duty.name} {p.label}")
                required, done = required + p.required, done + min(p.done, p.required)
    return _rate("obligations_met_rate", done, required, {"by_kind": by_kind})


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    unit: str  # rate, minutes, count, score, days
    better: str | None  # higher, lower, or None (a volume, neither)
    compute: Callable[[Basis], Figure]


# fmt: off
KPIS: dict[str, Kpi] = {
    k.key: k
    for k in (
        Kpi("tickets_reported", _("Tickets reported"), COUNT, None, tickets_reported),
        Kpi("tickets_resolved", _("Tickets resolved"), COUNT, None, tickets_resolved),
        Kpi("response_met_rate", _("Responses on time"), RATE, HIGHER, _met_rate(Target.RESPONSE)),
        Kpi("initial_solution_met_rate", _("Initial solutions on time"), RATE, HIGHER,
            _met_rate(Target.INITIAL_SOLUTION)),
        Kpi("onsite_met_rate", _("On-site arrivals on time"), RATE, HIGHER, _met_rate(Target.ONSITE)),
        Kpi("resolve_met_rate", _("Resolutions on time"), RATE, HIGHER, _met_rate(Target.RESOLVE)),
        Kpi("breaches", _("SLA breaches"), COUNT, LOWER, breaches),
        Kpi("mttr_minutes", _("Mean time to repair"), MINUTES, LOWER, mttr),
        Kpi("mttr_median_minutes", _("Median time to repair"), MINUTES, LOWER, mttr_median),
        Kpi("first_contact_resolution_rate", _("First-contact resolution"), RATE, HIGHER, first_contact),
        Kpi("reopen_rate", _("Reopened"), RATE, LOWER, reopen),
        Kpi("backlog_open", _("Open at period end"), COUNT, LOWER, backlog),
        Kpi("backlog_age_days", _("Mean age of the open tickets"), DAYS, LOWER, backlog_age),
        Kpi("satisfaction_avg", _("Average satisfaction"), SCORE, HIGHER, satisfaction),
        Kpi("satisfaction_count", _("Ratings received"), COUNT, None, satisfaction_count),
        Kpi("quota_use", _("Quota uses"), COUNT, None, quota_use),
        Kpi("obligations_met_rate", _("Duties done"), RATE, HIGHER, obligations),
        Kpi("problems_opened", _("Problems opened"), COUNT, None, problems_opened),
        Kpi("problems_closed_with_conclusion", _("Problems closed with a conclusion"), COUNT, None,
            problems_closed),
        Kpi("changes_released", _("Changes released"), COUNT, None, _changes(ChangeStatus.RELEASED, "changes_released")),
        Kpi("changes_failed", _("Changes failed"), COUNT, LOWER, _changes(ChangeStatus.FAILED, "changes_failed")),
        Kpi("changes_rolled_back", _("Changes rolled back"), COUNT, LOWER,
            _changes(ChangeStatus.ROLLED_BACK, "changes_rolled_back")),
        Kpi("alerts", _("Alerts received"), COUNT, None, alerts),
        Kpi("alerts_to_incidents_rate", _("Alerts that became incidents"), RATE, None, alerts_to_incidents),
        Kpi("availability", _("Availability (lowest system)"), RATE, HIGHER, availability),
    )
}
# fmt: on


def display(key: str, value) -> str:
    """A value as pages and documents print it: 90.0%, 140.0 分钟, 4.00, 12; "—" for none."""
    if value is None:
        return "—"
    unit = KPIS[key].unit
    if unit == RATE:
        return f"{value * 100:.1f}%"
    if unit == MINUTES:
        return _("%(n).1f min") % {"n": value}
    if unit == DAYS:
        return _("%(n).1f days") % {"n": value}
    if unit == SCORE:
        return f"{value:.2f}"
    return str(value)
