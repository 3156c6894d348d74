"""Reads of inspections, scoped: vendor staff see their own vendor's contracts' plans and
inspections; checklist templates are the hospital's."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from hisops.calendars import periods
from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .choices import OPEN_STATUSES, ActivityStatus, InspectionStatus
from .models import (
    Activity,
    ActivityPlan,
    ChecklistTemplate,
    Inspection,
    InspectionPlan,
    QualityRule,
)


def _vendor_scoped(qs: QuerySet, user) -> QuerySet:
    if getattr(user, "is_vendor", False):
        return qs.filter(contract__vendor_id=user.vendor_id)
    return qs


def template_list(*, user) -> QuerySet[ChecklistTemplate]:
    if not can(user, Cap.INSPECTION_VIEW):
        return ChecklistTemplate.objects.none()
    return (
        scope_to_user(ChecklistTemplate.objects.all(), user)
        .annotate(line_count=Count("lines"))
        .order_by("name")
    )


def template_get(*, user, pk: int) -> ChecklistTemplate:
    template = template_list(user=user).filter(pk=pk).first()
    if template is None:
        raise NotFound()
    return template


def plan_list(*, user, contract: int | None = None) -> QuerySet[InspectionPlan]:
    if not can(user, Cap.INSPECTION_VIEW):
        return InspectionPlan.objects.none()
    qs = _vendor_scoped(scope_to_user(InspectionPlan.objects.all(), user), user)
    if contract:
        qs = qs.filter(contract_id=contract)
    return qs.select_related(
        "contract__vendor", "template", "calendar", "assignee"
    ).prefetch_related("items")


def plan_get(*, user, pk: int) -> InspectionPlan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise NotFound()
    return plan


def inspection_queryset(*, user) -> QuerySet[Inspection]:
    if not can(user, Cap.INSPECTION_VIEW):
        return Inspection.objects.none()
    return _vendor_scoped(scope_to_user(Inspection.objects.all(), user), user)


def inspection_list(
    *, user, status: str = "", contract: int | None = None, plan: int | None = None, year: int | None = None,
    due_before: date | None = None, mine: bool = False, open_only: bool = False,
) -> QuerySet[Inspection]:  # fmt: skip
    qs = inspection_queryset(user=user)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if contract:
        qs = qs.filter(contract_id=contract)
    if plan:
        qs = qs.filter(plan_id=plan)
    if year:
        qs = qs.filter(due_on__year=year)
    if due_before:
        qs = qs.filter(due_on__lte=due_before)
    if mine:
        qs = qs.filter(Q(assignee=user) | Q(assignee__isnull=True, plan__assignee=user))
    return qs.select_related("contract__vendor", "plan", "template", "assignee").order_by(
        "due_on", "id"
    )


def inspection_get(*, user, number: str) -> Inspection:
    inspection = (
        inspection_queryset(user=user)
        .select_related(
            "contract__vendor", "plan", "template", "assignee", "completed_by", "hospital"
        )
        .filter(number=number)
        .first()
    )
    if inspection is None:
        raise NotFound()
    return inspection


def inspection_results(*, inspection: Inspection):
    return list(inspection.results.select_related("item", "finding__ticket", "finding__problem"))


def inspection_findings(*, inspection: Inspection):
    return list(inspection.findings.select_related("ticket", "problem", "item", "result"))


# Activities, data quality, obligations ---------------------------------------------------


def activity_list(*, user, kind: str = "", contract: int | None = None, year: int | None = None,
                  open_only: bool = False) -> QuerySet[Activity]:  # fmt: skip
    if not can(user, Cap.INSPECTION_VIEW):
        return Activity.objects.none()
    qs = scope_to_user(Activity.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    if kind:
        qs = qs.filter(kind=kind)
    if contract:
        qs = qs.filter(contract_id=contract)
    if year:
        qs = qs.filter(planned_on__year=year)
    if open_only:
        qs = qs.filter(status=ActivityStatus.PLANNED)
    return qs.select_related("contract__vendor", "plan").order_by("planned_on", "id")


def activity_get(*, user, number: str) -> Activity:
    activity = activity_list(user=user).filter(number=number).first()
    if activity is None:
        raise NotFound()
    return activity


def activity_plan_list(*, user) -> QuerySet[ActivityPlan]:
    if not can(user, Cap.INSPECTION_VIEW):
        return ActivityPlan.objects.none()
    qs = scope_to_user(ActivityPlan.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    return qs.select_related("contract", "calendar")


def quality_rule_list(*, user) -> QuerySet[QualityRule]:
    if not can(user, Cap.INSPECTION_VIEW) or getattr(user, "is_vendor", False):
        return QualityRule.objects.none()
    return scope_to_user(QualityRule.objects.all(), user).select_related("source", "item", "ticket")


def quality_month(*, user, month: date) -> list[dict]:
    """The month's data-quality report: per rule, its runs, how many met the threshold,
    the last value, and the findings opened and closed (数据质量报告)."""
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    rows = []
    for rule in quality_rule_list(user=user).order_by("name"):
        runs = list(rule.runs.filter(ran_at__date__gte=first, ran_at__date__lt=after).select_related(
            "opened", "closed").order_by("ran_at"))  # fmt: skip
        rows.append({"rule": rule, "runs": len(runs), "met": sum(1 for r in runs if r.ok),
                     "last": runs[-1] if runs else None, "opened": [r.opened for r in runs if r.opened_id],
                     "closed": [r.closed for r in runs if r.closed_id]})  # fmt: skip
    return rows


def period_label(start: date, end: date) -> str:
    """2027-03, 2027Q1, 2027H1, 2027, 2027-W05, else the two dates."""
    return periods.of_dates(start, end).key


@dataclass(frozen=True)
class PeriodDue:
    start: date
    end: date
    required: int
    done: int
    today: date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def missed(self) -> bool:
        return self.end < self.today and self.done < self.required


@dataclass(frozen=True)
class Obligation:
    """A recurring duty over a year: what each period required and what was proven done."""

    kind: str  # inspection, drill, training, meeting, quota
    name: str
    cadence: str
    periods: list[PeriodDue]
    url: str = ""

    @property
    def required(self) -> int:
        return sum(p.required for p in self.periods)

    @property
    def done(self) -> int:
        return sum(min(p.done, p.required) for p in self.periods)

    @property
    def missed_periods(self) -> list[str]:
        return [p.label for p in self.periods if p.missed]


# Duties that higher domains know of (the reports app: scheduled service reports), each a
# function (user, contract, year, first, last, today) -> list[Obligation]; registered in
# their apps' ready(), so this app never imports them.
OBLIGATION_SOURCES: list = []


def register_obligations(source) -> None:
    if source not in OBLIGATION_SOURCES:
        OBLIGATION_SOURCES.append(source)


def periods_due(
    cadence: str, year: int, per_period: int, done_in, *, first: date, last: date, today: date
) -> list[PeriodDue]:
    """The periods of ``cadence`` in ``year`` within the contract's days, each with what it
    requires and what ``done_in(start, end)`` counts."""
    from . import schedule

    return [PeriodDue(start, end, per_period, done_in(start, end), today)
            for start, end in schedule.periods(cadence, year) if not (end < first or start > last)]  # fmt: skip


def obligation_list(*, user, contract, year: int, today: date) -> list[Obligation]:
    """Every recurring duty of a contract in ``year``: inspection plans (signed inspections
    count), drill, training and meeting plans (activities done count), the contract's
    minimum quotas (their own count), and what other apps register (scheduled service
    reports). A period counts once it has ended."""
    from hisops.contracts.selectors import contract_year_for, quota_report

    result: list[Obligation] = []
    first, last = (
        max(date(year, 1, 1), contract.starts_on),
        min(date(year, 12, 31), contract.ends_on),
    )
    if first > last:
        return []

    def due(cadence, per_period, done_in):
        return periods_due(cadence, year, per_period, done_in, first=first, last=last, today=today)

    signed = list(inspection_queryset(user=user).filter(contract=contract, status=InspectionStatus.SIGNED,
                                                        period_start__year=year).values_list("plan_id", "period_start"))  # fmt: skip
    for plan in plan_list(user=user).filter(contract=contract, is_active=True).order_by("name"):
        mine = [d for p, d in signed if p == plan.pk]
        periods = due(
            plan.cadence,
            plan.per_period,
            lambda s, e, mine=mine: sum(1 for d in mine if s <= d <= e),
        )
        result.append(
            Obligation(
                "inspection", plan.name, plan.cadence, periods, f"/inspections/plans/{plan.pk}/"
            )
        )
    done = list(activity_list(user=user, contract=contract.pk).filter(status=ActivityStatus.DONE).values_list(
        "plan_id", "period_start"))  # fmt: skip
    for plan in (
        activity_plan_list(user=user)
        .filter(contract=contract, is_active=True)
        .order_by("kind", "name")
    ):
        mine = [d for p, d in done if p == plan.pk]
        periods = due(
            plan.cadence,
            plan.per_period,
            lambda s, e, mine=mine: sum(1 for d in mine if s <= d <= e),
        )
        result.append(
            Obligation(plan.kind, plan.name, plan.cadence, periods, "/inspections/activities/")
        )
    contract_year = contract_year_for(contract, year)
    if contract_year is not None:
        for report in quota_report(contract, year=contract_year, today=today):
            if report.quota.kind == "cap":
                continue
            periods = [
                PeriodDue(p.start, p.end, report.quota.limit, p.used, today) for p in report.periods
            ]
            result.append(Obligation("quota", report.quota.name, report.quota.period, periods,
                                     f"/contracts/{contract.pk}/"))  # fmt: skip
    for source in OBLIGATION_SOURCES:
        result += source(
            user=user, contract=contract, year=year, first=first, last=last, today=today
        )
    return result
