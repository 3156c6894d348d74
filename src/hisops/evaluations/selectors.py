"""Reads of KPIs and evaluations, scoped: vendor staff see only their own vendor's figures."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from hisops.calendars.periods import Period
from hisops.contracts.choices import KPI_RULES
from hisops.core.capabilities import Cap, require
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
