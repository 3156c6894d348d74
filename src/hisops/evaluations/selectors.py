"""Reads of KPIs and evaluations, scoped: vendor staff see only their own vendor's figures."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from hisops.calendars import periods
from hisops.calendars.periods import Period
from hisops.contracts.choices import KPI_RULES
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import NotFound

from .kpis import KPIS, Basis, Figure, Subject


@dataclass(frozen=True)
class TargetResult:
    """A contract's goal for one measure, scored for the period: met, missed, or not
    measurable (nothing happened that it measures)."""

    key: str
    target: float
    way: str  # at_least, at_most
    value: float | int | None

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.target if self.way == "at_least" else self.value <= self.target


@dataclass
class KpiReport:
    period: Period
    subject: Subject
    figures: dict[str, Figure]
    targets: list[TargetResult]

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def values(self) -> dict[str, float | int | None]:
        return {key: figure.value for key, figure in self.figures.items()}


def kpi_subject(*, user, contract=None, vendor=None, item=None, group=None, person=None) -> Subject:
    """The subject named by ids, each looked up within what the user may see (404 if not).
    A vendor's people always get their own vendor's figures."""
    from hisops.accounts.models import User
    from hisops.accounts.selectors import team_list, vendor_list
    from hisops.catalog.selectors import item_get
    from hisops.contracts.selectors import contract_get
    from hisops.core.scoping import scope_to_user

    require(user, Cap.KPI_VIEW)

    def one(qs, pk):
        try:
            return qs.get(pk=pk)
        except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
            raise NotFound() from None

    subject = Subject(
        contract=contract_get(user=user, pk=contract) if contract else None,
        vendor=one(vendor_list(user=user), vendor) if vendor else None,
        item=item_get(user=user, pk=item) if item else None,
        group=one(team_list(user=user), group) if group else None,
        person=one(scope_to_user(User.objects.all(), user), person) if person else None,
    )
    if getattr(user, "is_vendor", False) and subject.vendor_id is None:
        subject = Subject(**{**subject.__dict__, "vendor": user.vendor})
    return subject


def kpi_report(*, user, period: Period, subject: Subject, now: datetime | None = None,
               keys: list[str] | None = None) -> KpiReport:  # fmt: skip
    """Every measure (or ``keys``) of the subject in the period, and the contract's goals
    scored against them."""
    require(user, Cap.KPI_VIEW)
    if getattr(user, "is_vendor", False) and subject.vendor_id != user.vendor_id:
        raise NotFound()
    basis = Basis(user=user, subject=subject, period=period, now=now)
    figures = {key: KPIS[key].compute(basis) for key in (keys or KPIS)}
    targets = []
    if subject.contract is not None:
        for goal in subject.contract.kpi_targets.all():
            figure = figures.get(goal.key) or KPIS[goal.key].compute(basis)
            way = KPI_RULES[goal.key][0]
            target = float(goal.target) if isinstance(goal.target, Decimal) else goal.target
            targets.append(TargetResult(goal.key, target, way, figure.value))
    return KpiReport(period, subject, figures, targets)


# -- evaluations --------------------------------------------------------------------------
def round_list(*, user):
    """Rounds the user manages or reads (the hospital's IT, its leaders), and otherwise the
    rounds the user scores in or (a vendor's people) is scored in."""
    from hisops.core.scoping import scope_to_user

    from .models import EvaluationRound

    qs = scope_to_user(EvaluationRound.objects.all(), user).select_related("template")
    if can(user, Cap.EVALUATION_MANAGE) or (
        can(user, Cap.KPI_VIEW) and not getattr(user, "is_vendor", False)
    ):
        return qs.order_by("-id")
    # Rounds are few (a handful a year): the roles are read here rather than in JSON SQL,
    # which SQLite and PostgreSQL spell differently.
    mine = [pk for pk, roles in qs.values_list("pk", "evaluator_roles") if user.role in roles]
    if getattr(user, "is_vendor", False):
        mine += list(qs.filter(vendors=user.vendor_id).values_list("pk", flat=True))
    return qs.filter(pk__in=mine).order_by("-id")


def round_get(*, user, pk):
    found = round_list(user=user).prefetch_related("template__criteria", "vendors", "people").filter(pk=pk).first() \
        if str(pk).isdigit() else None  # fmt: skip
    if found is None:
        raise NotFound()
    return found


@dataclass
class SubjectResult:
    """One subject's standing in a round."""

    label: str
    vendor: object
    person: object
    sheets: int
    criteria: list[float | None]  # mean score per criterion, in the template's order
    total: float | None  # mean weighted total, of 100
    clinical: float | None  # satisfaction from the tickets' follow-ups in the period (1-5)
    rank: int | None = None


def round_results(*, user, round) -> list[SubjectResult]:
    """Per subject: how many current sheets, the mean per criterion and of the weighted total,
    the clinical satisfaction from ticket follow-ups over the round's period, and the rank
    among the round's subjects (ties share a rank). A vendor sees only its own line."""
    from collections import defaultdict

    from .models import Score

    criteria = list(round.template.criteria.all())
    sheets = list(
        round.evaluations.filter(superseded_by__isnull=True).values_list(
            "pk", "vendor_id", "person_id", "total"
        )
    )
    by_subject: dict[tuple, list] = defaultdict(list)
    for pk, vendor_id, person_id, total in sheets:
        by_subject[(vendor_id, person_id)].append((pk, float(total)))
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for evaluation_id, criterion_id, score in Score.objects.filter(
        evaluation_id__in=[s[0] for s in sheets]
    ).values_list("evaluation_id", "criterion_id", "score"):
        scores[evaluation_id][criterion_id] = score
    period = periods.parse(round.period)
    results = []
    subjects = [(v, None) for v in round.vendors.all()] + [(None, p) for p in round.people.all()]
    for vendor, person in subjects:
        mine = by_subject.get((getattr(vendor, "pk", None), getattr(person, "pk", None)), [])
        means = []
        for c in criteria:
            values = [scores[pk][c.pk] for pk, _total in mine if c.pk in scores[pk]]
            means.append(round_to(sum(values) / len(values)) if values else None)
        satisfaction = kpi_report(
            user=user, period=period, keys=["satisfaction_avg"],
            subject=Subject(vendor=vendor) if vendor else Subject(person=person),
        )["satisfaction_avg"].value if _may_see_figures(user, vendor) else None  # fmt: skip
        results.append(SubjectResult(
            label=str(vendor or (person.get_full_name() or person.username)), vendor=vendor, person=person,
            sheets=len(mine), criteria=means, total=round_to(sum(t for _pk, t in mine) / len(mine)) if mine else None,
            clinical=satisfaction,
        ))  # fmt: skip
    ranked = sorted((r for r in results if r.total is not None), key=lambda r: -r.total)
    for r in ranked:
        r.rank = 1 + sum(1 for other in ranked if other.total > r.total)
    if getattr(user, "is_vendor", False):
        results = [r for r in results if r.vendor is not None and r.vendor.pk == user.vendor_id]
    return results


def _may_see_figures(user, vendor) -> bool:
    return can(user, Cap.KPI_VIEW) and (
        not getattr(user, "is_vendor", False) or (vendor and vendor.pk == user.vendor_id)
    )


def round_to(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


# -- the acceptance scorecard -------------------------------------------------------------
def scorecard_figures(*, user, contract, year, policy) -> dict:
    """The contract year's acceptance figures, ready to seal: the KPIs and the contract's
    goals scored, the duties done, the vendor's evaluation totals in rounds of that year, and
    the score (each part weighted by the hospital's policy; a part with nothing to measure
    is left out and named) against the renewal threshold."""
    from .kpis import KPIS, share
    from .models import Evaluation

    period = periods.of_dates(year.starts_on, year.ends_on)
    report = kpi_report(user=user, period=period, subject=Subject(contract=contract))
    goals = [
        {
            "key": t.key,
            "name": str(KPIS[t.key].name),
            "target": t.target,
            "value": t.value,
            "met": t.met,
        }
        for t in report.targets
    ]
    scored = [g for g in goals if g["met"] is not None]
    duties = report["obligations_met_rate"]
    sheets = Evaluation.objects.filter(
        vendor_id=contract.vendor_id,
        superseded_by__isnull=True,
        round__hospital_id=contract.hospital_id,
    ).select_related("round")
    rounds: dict[int, list] = {}
    for sheet in sheets:
        p = periods.parse(sheet.round.period)
        if year.starts_on <= p.start and p.end <= year.ends_on:
            rounds.setdefault(sheet.round_id, [sheet.round.title, []])[1].append(float(sheet.total))
    evaluations = [{"round": title, "sheets": len(totals), "total": round_to(sum(totals) / len(totals))}
                   for title, totals in rounds.values()]  # fmt: skip
    all_totals = [t for _title, totals in rounds.values() for t in totals]
    parts = {
        "goals": (policy.goals_weight, share(sum(1 for g in scored if g["met"]), len(scored))),
        "duties": (policy.duties_weight, duties.value),
        "evaluation": (policy.evaluation_weight, round_to(sum(all_totals) / len(all_totals) / 100) if all_totals else None),
    }  # fmt: skip
    counted = {name: (w, v) for name, (w, v) in parts.items() if v is not None and w > 0}
    weights = sum(w for w, _v in counted.values())
    # Nothing measurable at all (no goals, no duties, no evaluations): no score, no verdict.
    score = round_to(sum(w * v for w, v in counted.values()) / weights * 100) if weights else None
    missed_duties = [
        name for row in duties.breakdown.get("by_kind", {}).values() for name in row["missed"]
    ]
    return {
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "year": year.number,
        },
        "kpis": report.values(),
        "goals": goals,
        "duties": {
            "required": duties.denominator,
            "done": duties.numerator,
            "rate": duties.value,
            "missed": missed_duties,
        },
        "evaluations": evaluations,
        "parts": {
            name: {"weight": w, "value": v, "counted": name in counted}
            for name, (w, v) in parts.items()
        },
        "score": score,
        "threshold": policy.threshold,
        "recommend_renewal": score is not None and score >= policy.threshold,
        "deductions": [f"{g['name']}: {g['value']} / {g['target']}" for g in scored if not g["met"]]
        + missed_duties,
    }


def scorecard_list(*, user):
    from hisops.core.scoping import scope_to_user

    from .models import Scorecard

    if not can(user, Cap.KPI_VIEW):
        return Scorecard.objects.none()
    qs = scope_to_user(Scorecard.objects.all(), user).select_related(
        "contract__vendor", "year", "document"
    )
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    return qs.order_by("-id")


def scorecard_get(*, user, pk):
    found = scorecard_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound()
    return found
