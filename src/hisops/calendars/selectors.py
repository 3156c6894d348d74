"""Business calendars: reading them and computing with them.

``add_business_minutes`` and ``business_minutes_between`` are the two operations every
SLA clock is built on; ``deadline`` adds the unit conversion and the
``holiday_data_missing`` warning. The working-time index of each calendar is built once
per process and calendar version (see :mod:`hisops.calendars.timemath`) and reused.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from hisops.calendars.choices import STATUTORY_CALENDAR, DurationUnit, OverrideKind
from hisops.calendars.models import BusinessCalendar, CalendarOverride
from hisops.calendars.timemath import Rules, WorkingTime, from_epoch, parse_intervals, to_epoch
from hisops.core.errors import NotFound

# The index covers at least these years around today; a computation outside them widens it.
YEARS_BEFORE = 3
YEARS_AFTER = 6
_CACHE_SIZE = 64
_cache: dict[tuple, WorkingTime] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    holiday_data_missing: bool
    business_minutes: int


# Reads ----------------------------------------------------------------------------------


def calendar_list(*, user) -> QuerySet[BusinessCalendar]:
    """Shared calendars and those of the hospitals the user may see."""
    qs = BusinessCalendar.objects.filter(is_active=True)
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(Q(hospital__isnull=True) | Q(hospital_id=getattr(user, "hospital_id", None)))
    return qs.select_related("holidays_from").order_by("code")


def calendar_get(*, user, code: str) -> BusinessCalendar:
    calendar = calendar_list(user=user).filter(code=code).first()
    if calendar is None:
        raise NotFound()
    return calendar


_years: dict[tuple, frozenset[int]] = {}


def covered_years(calendar: BusinessCalendar) -> frozenset[int]:
    """Years for which the calendar's statutory holiday data has been loaded. Read once per
    process and version of the source calendar (every change of its dated data bumps the
    version), like the working-time index: every clock asks this when it is derived."""
    source = calendar.holiday_source
    key = (source.pk, source.version, source.updated_at)
    with _lock:
        years = _years.get(key)
    if years is None:
        rows = CalendarOverride.objects.filter(calendar=source).dates("date", "year")
        years = frozenset(d.year for d in rows)
        with _lock:
            if len(_years) >= _CACHE_SIZE:
                _years.pop(next(iter(_years)))
            _years[key] = years
    return years


def override_get(calendar: BusinessCalendar, day: date) -> CalendarOverride | None:
    """The calendar's own override on a day (not one it takes from another calendar)."""
    return calendar.overrides.filter(date=day).first()


def overrides_in(calendar: BusinessCalendar, first: date, last: date) -> list[CalendarOverride]:
    """The dated overrides that apply to the calendar between two dates, own ones winning."""
    applied: dict[date, CalendarOverride] = {}
    sources = [calendar.holidays_from, calendar] if calendar.holidays_from_id else [calendar]
    for source in sources:
        for override in source.overrides.filter(date__range=(first, last)):
            applied[override.date] = override
    return [applied[d] for d in sorted(applied)]


# Computation ----------------------------------------------------------------------------


def _rules(calendar: BusinessCalendar) -> Rules:
    weekly = tuple(tuple(parse_intervals(text)) for text in calendar.weekly)
    standard_day = next((day for day in weekly[:5] if day), ())
    overrides = {}
    sources = [calendar.holidays_from, calendar] if calendar.holidays_from_id else [calendar]
    for source in sources:
        for day, kind, intervals in source.overrides.values_list("date", "kind", "intervals"):
            if kind == OverrideKind.HOLIDAY:
                overrides[day] = ()
            else:
                overrides[day] = tuple(parse_intervals(intervals)) if intervals else standard_day
    return Rules(time_zone=calendar.time_zone, weekly=weekly, overrides=overrides)


def working_time(
    calendar: BusinessCalendar, *, years: tuple[int, int] | None = None
) -> WorkingTime:
    """The calendar's index, covering at least ``years`` (first, last)."""
    this_year = timezone.now().year
    first, last = this_year - YEARS_BEFORE, this_year + YEARS_AFTER
    if years is not None:
        first, last = min(first, years[0]), max(last, years[1])
    source = calendar.holidays_from
    key = (calendar.pk, calendar.version, calendar.updated_at, source.version if source else 0)
    with _lock:
        index = _cache.get(key)
        if index is not None and index.first_year <= first and index.last_year >= last:
            return index
    index = WorkingTime(_rules(calendar), first, last)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = index
    return index


def _index_for(calendar: BusinessCalendar, *moments: datetime) -> WorkingTime:
    years = [m.year for m in moments]
    index = working_time(calendar)
    if all(index.covers(to_epoch(m)) for m in moments):
        return index
    return working_time(calendar, years=(min(years) - 1, max(years) + 1))


def add_business_minutes(calendar: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    """The instant when ``minutes`` of the calendar's working time have passed since
    ``start`` (a start outside working time counts from the next working instant)."""
    index = _index_for(calendar, start)
    seconds = int(minutes) * 60
    while True:
        try:
            due = index.add(to_epoch(start), seconds)
            break
        except OverflowError:
            index = working_time(calendar, years=(index.first_year, index.last_year + 10))
    return from_epoch(due, ZoneInfo(calendar.time_zone))


def business_minutes_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Whole minutes of working time from ``start`` to ``end`` (negative if end is earlier)."""
    index = _index_for(calendar, start, end)
    seconds = index.between(to_epoch(start), to_epoch(end))
    return seconds // 60 if seconds >= 0 else -((-seconds) // 60)


def to_minutes(calendar: BusinessCalendar, duration: int, unit: str) -> int:
    if unit == DurationUnit.MINUTES:
        return duration
    if unit == DurationUnit.HOURS:
        return duration * 60
    if unit == DurationUnit.WORKING_DAYS:
        return duration * calendar.workday_minutes
    raise ValueError(f"unknown unit {unit!r}")


def missing_years(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[int]:
    """Years between two instants (in the calendar's zone) that lack holiday data."""
    if not calendar.needs_holiday_data:
        return []
    tz = ZoneInfo(calendar.time_zone)
    first, last = sorted((start.astimezone(tz).year, end.astimezone(tz).year))
    have = covered_years(calendar)
    return [year for year in range(first, last + 1) if year not in have]


def deadline(calendar: BusinessCalendar, start: datetime, duration: int, unit: str) -> Deadline:
    minutes = to_minutes(calendar, duration, unit)
    due = add_business_minutes(calendar, start, minutes)
    return Deadline(
        due_at=due,
        holiday_data_missing=bool(missing_years(calendar, start, due)),
        business_minutes=minutes,
    )


def statutory_years_missing(*, until: date) -> list[int]:
    """Years from this one through ``until`` that the statutory calendar (``cn-workday``) has
    no holiday data for: working-day clocks reaching them carry the missing-data warning."""
    calendar = BusinessCalendar.objects.filter(code=STATUTORY_CALENDAR).first()
    if calendar is None:
        return []
    now = timezone.now()
    end = datetime.combine(until, datetime.min.time(), tzinfo=ZoneInfo(calendar.time_zone))
    return missing_years(calendar, now, max(end, now))


def working_hours_on(calendar: BusinessCalendar, day: date) -> list[tuple[datetime, datetime]]:
    """The calendar's working intervals on a day, as aware moments in its time zone (none
    on a holiday; a 调休 make-up day has the standard day's)."""
    zone = ZoneInfo(calendar.time_zone)
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return [
        (
            datetime.combine(day, start, tzinfo=zone),
            datetime.combine(day, end, tzinfo=zone) if end else midnight,
        )
        for start, end in _rules(calendar).day(day)
    ]


def working_days(calendar: BusinessCalendar, first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` (inclusive) that have working time: weekdays
    with hours, less holidays, plus 调休 make-up days."""
    rules = _rules(calendar)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if rules.day(day)]


def working_days_per_week(calendar: BusinessCalendar) -> int:
    """How many days of an ordinary week (no holidays) have working time."""
    return sum(1 for text in calendar.weekly if text.strip())
