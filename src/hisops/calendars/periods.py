"""Reporting periods: a year (``2027``), a quarter (``2027Q1``), a half (``2027H1``), a month
(``2027-03``) or an ISO week (``2027-W05``). KPIs, reports, obligations and evaluations
name their periods this one way; a period's bounds are dates, and its moments are taken in
the hospital's time zone (a March report of a Shanghai hospital ends at 24:00 Shanghai
time on the 31st)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hisops.core.errors import ValidationError

YEAR, HALF, QUARTER, MONTH, WEEK = "year", "half", "quarter", "month", "week"
_PATTERNS = (
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})[Hh]([12])$"), HALF),
    (re.compile(r"^(\d{4})[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), MONTH),
    (re.compile(r"^(\d{4})-[Ww](\d{1,2})$"), WEEK),
)


def _month_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # first day
    end: date  # last day, inclusive

    @property
    def key(self) -> str:
        """The period's name in URLs, files and the API: 2027, 2027H1, 2027Q1, 2027-03, 2027-W05."""
        if self.kind == WEEK:
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == HALF:
            return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        """How a person reads it: 2027年3月, 2027年第1季度, 2027年上半年, 2027年."""
        year = self.start.year
        if self.kind == MONTH:
            return _("%(year)s-%(month)02d") % {"year": year, "month": self.start.month}
        if self.kind == QUARTER:
            return _("%(year)s Q%(quarter)s") % {
                "year": year,
                "quarter": (self.start.month - 1) // 3 + 1,
            }
        if self.kind == HALF:
            return (_("first half of %(year)s") if self.start.month == 1 else _("second half of %(year)s")) % {"year": year}  # fmt: skip
        if self.kind == YEAR:
            return _("year %(year)s") % {"year": year}
        return self.key

    def __str__(self) -> str:
        return self.key

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self, tz: str | ZoneInfo) -> tuple[datetime, datetime]:
        """The period as ``[from, to)`` moments in ``tz`` (a zone name or a ZoneInfo)."""
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def previous(self) -> "Period":
        """The period of the same kind just before (March → February, 2027Q1 → 2026Q4)."""
        return containing(self.kind, self.start - timedelta(days=1))

    def months(self) -> list["Period"]:
        """The months this period covers, in order (a trend's points)."""
        result, day = [], self.start.replace(day=1)
        while day <= self.end:
            result.append(month(day.year, day.month))
            day = _month_after(day, 1)
        return result


def month(year: int, number: int) -> Period:
    first = date(year, number, 1)
    return Period(MONTH, first, _month_after(first, 1) - timedelta(days=1))


def containing(kind: str, day: date) -> Period:
    """The period of ``kind`` that holds ``day``."""
    if kind == WEEK:
        monday = day - timedelta(days=day.weekday())
        return Period(WEEK, monday, monday + timedelta(days=6))
    length = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}[kind]
    first = date(day.year, (day.month - 1) // length * length + 1, 1)
    return Period(kind, first, _month_after(first, length) - timedelta(days=1))


def of_dates(start: date, end: date) -> Period:
    """The period these two dates span: a named one when they are its bounds, else a span
    (whose key is the two dates)."""
    for kind in (MONTH, QUARTER, HALF, YEAR, WEEK):
        candidate = containing(kind, start)
        if candidate.start == start and candidate.end == end:
            return candidate
    return Period("span", start, end)


def parse(text: str, *, field: str = "period") -> Period:
    """``2027``, ``2027H1``, ``2027Q1``, ``2027-03`` or ``2027-W05``; anything else is a
    ValidationError on ``field`` that shows the accepted forms."""
    value = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            break
        if kind == YEAR:
            return containing(YEAR, date(year, 1, 1))
        number = int(match.group(2))
        if kind == HALF:
            return containing(HALF, date(year, 1 if number == 1 else 7, 1))
        if kind == QUARTER:
            return containing(QUARTER, date(year, (number - 1) * 3 + 1, 1))
        if kind == MONTH and 1 <= number <= 12:
            return month(year, number)
        if kind == WEEK and 1 <= number <= date(year, 12, 28).isocalendar().week:
            return containing(WEEK, date.fromisocalendar(year, number, 1))
        break
    raise ValidationError(
        fields={
            field: [
                _(
                    "Not a period: %(value)s. Write a year (2027), a quarter (2027Q1), "
                    "a half (2027H1), a month (2027-03) or a week (2027-W05)."
                )
                % {"value": value or "—"}
            ]
        }
    )
