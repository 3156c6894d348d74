"""Where a plan's inspections fall in a year: the periods of its cadence, the slots when it
asks for several per period, and the working days each slot's visit takes.

Each inspection is due on the last working day of its slot and starts early enough to
fit its working days before that (a two-day visit at the end of June starts on the 29th),
so a visit never crosses into the next period and a holiday is never counted as a day of
work."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .choices import Cadence

MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6, Cadence.YEARLY: 12}
# The shortest period of each cadence, in weeks (a February has four).
WEEKS = {Cadence.WEEKLY: 1, Cadence.MONTHLY: 4, Cadence.QUARTERLY: 12, Cadence.HALF_YEARLY: 25,
         Cadence.YEARLY: 51}  # fmt: skip


@dataclass(frozen=True)
class Slot:
    period_start: date
    period_end: date
    slot: int  # 1..per_period
    first: date  # the slot's own days
    last: date


def periods(cadence: str, year: int) -> list[tuple[date, date]]:
    """The periods of ``cadence`` in ``year``; weeks are ISO weeks (Monday first) of the year."""
    if cadence == Cadence.WEEKLY:
        weeks = date(year, 12, 28).isocalendar().week
        return [
            (monday, monday + timedelta(days=6))
            for monday in (date.fromisocalendar(year, week, 1) for week in range(1, weeks + 1))
        ]
    months = MONTHS[cadence]
    result = []
    for first_month in range(1, 13, months):
        start = date(year, first_month, 1)
        after = (
            date(year + 1, 1, 1)
            if first_month + months > 12
            else date(year, first_month + months, 1)
        )
        result.append((start, after - timedelta(days=1)))
    return result


def slots(cadence: str, year: int, per_period: int) -> list[Slot]:
    """Each period cut into ``per_period`` equal runs of days."""
    result = []
    for start, end in periods(cadence, year):
        length = (end - start).days + 1
        for n in range(per_period):
            first = start + timedelta(days=length * n // per_period)
            last = start + timedelta(days=length * (n + 1) // per_period - 1)
            result.append(Slot(start, end, n + 1, first, last))
    return result


def place(days: list[date], days_each: int) -> tuple[date, date] | None:
    """(starts on, due on) among a slot's working ``days``, or None when they are too few."""
    if len(days) < days_each:
        return None
    return days[-days_each], days[-1]


def holiday_data_missing(calendar, year: int) -> bool:
    """Whether ``year`` was planned without its statutory holidays (calendars' own rule,
    ``missing_years``), read afresh: the data may have been imported since the plan was."""
    from hisops.calendars.selectors import missing_years

    calendar.holiday_source.refresh_from_db()
    zone = ZoneInfo(calendar.time_zone)
    first = datetime.combine(date(year, 1, 1), time(0), tzinfo=zone)
    last = datetime.combine(date(year, 12, 31), time(12), tzinfo=zone)
    return bool(missing_years(calendar, first, last))
