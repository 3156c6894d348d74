"""Quota arithmetic: which period a day falls in, and a quota's state in a period.

A quota's number holds per period: a calendar month or quarter (clipped to the contract
year), or the contract year itself. A cap warns at 80% and at its limit, and the uses
beyond it are flagged (served, billable); a minimum is met, still open, or short once its
period has ended; an exact number is both.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .choices import QuotaKind, QuotaPeriod
from .models import ContractYear, Quota

WARNING_SHARE = 80  # percent of a cap


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def period_of(quota: Quota, year: ContractYear, day: date) -> tuple[date, date]:
    """The period of ``quota`` that contains ``day`` (within the contract year)."""
    if quota.period == QuotaPeriod.MONTH:
        start, end = day.replace(day=1), _month_end(day)
    elif quota.period == QuotaPeriod.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        start = day.replace(month=first, day=1)
        end = _month_end(start.replace(month=first + 2))
    else:
        start, end = year.starts_on, year.ends_on
    return max(start, year.starts_on), min(end, year.ends_on)


def periods(quota: Quota, year: ContractYear) -> list[tuple[date, date]]:
    """Every period of the quota in the contract year, in order."""
    found, day = [], year.starts_on
    while day <= year.ends_on:
        span = period_of(quota, year, day)
        found.append(span)
        day = span[1] + timedelta(days=1)
    return found


@dataclass(frozen=True)
class QuotaState:
    """A quota's use in one period, and what that means on ``today``."""

    quota: Quota
    year: ContractYear
    start: date
    end: date
    used: int
    today: date

    @property
    def share(self) -> int:
        limit = self.quota.limit
        return min(100, round(100 * self.used / limit)) if limit else 100

    @property
    def ended(self) -> bool:
        return self.end < self.today

    @property
    def state(self) -> str:
        """Caps: ``ok``, ``warning`` (80%), ``reached``, ``exceeded``. Minimums: ``met``,
        ``open`` (its period runs on), ``shortfall`` (ended short). Exact: both sides."""
        limit, used, kind = self.quota.limit, self.used, self.quota.kind
        if kind in (QuotaKind.CAP, QuotaKind.EXACT) and used > limit:
            return "exceeded"
        if kind == QuotaKind.CAP:
            if used == limit:
                return "reached"
            return "warning" if limit and 100 * used / limit >= WARNING_SHARE else "ok"
        if used >= limit:
            return "met"
        return "shortfall" if self.ended else "open"
