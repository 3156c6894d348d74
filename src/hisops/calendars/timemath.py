"""Working-time arithmetic, exact and fast. Pure: no database, no Django.

A :class:`WorkingTime` is built from a calendar's rules (time zone, weekly working
intervals, dated overrides) over a range of years. It flattens every working interval in
that range into sorted arrays of absolute instants (epoch seconds), merging intervals that
touch, and keeps the cumulative working time at the end of each. Then

- ``elapsed(t)``, the working seconds from the start of the range to ``t``, is one
  binary search, and
- ``add(t, seconds)``, the instant at which ``seconds`` more working time has passed, is
  two,

so a deadline costs O(log n) however long the span, never a walk over minutes or days.
Local wall-clock intervals become absolute instants through ``zoneinfo``, so days with a
daylight-saving switch are as long as they really are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[time, time | None]  # None as the end means midnight at the end of the day
DayRule = Sequence[Interval]


def parse_intervals(text: str) -> list[Interval]:
    """``"08:00-12:00,14:00-17:30"`` -> intervals; ``"00:00-24:00"`` is the whole day.

    Raises ``ValueError`` with a readable message for anything else.
    """
    intervals: list[Interval] = []
    for part in (p.strip() for p in text.replace("，", ",").split(",")):
        if not part:
            continue
        try:
            start_text, end_text = (s.strip() for s in part.split("-"))
            start = time.fromisoformat(start_text)
            end = None if end_text in {"24:00", "24:00:00"} else time.fromisoformat(end_text)
        except ValueError:
            raise ValueError(f"“{part}” is not a time range like 08:00-12:00") from None
        if end is not None and end <= start:
            raise ValueError(f"“{part}” ends before it starts")
        if intervals and (intervals[-1][1] is None or start < intervals[-1][1]):
            raise ValueError(f"“{part}” overlaps the range before it")
        intervals.append((start, end))
    return intervals


def format_intervals(intervals: DayRule) -> str:
    return ",".join(
        f"{s:%H:%M}-{'24:00' if e is None else format(e, '%H:%M')}" for s, e in intervals
    )


@dataclass(frozen=True)
class Rules:
    """What a calendar says about working time. ``weekly[0]`` is Monday."""

    time_zone: str
    weekly: tuple[tuple[Interval, ...], ...]  # seven entries
    overrides: Mapping[date, tuple[Interval, ...]]  # dated: () for a holiday

    def day(self, day: date) -> tuple[Interval, ...]:
        if day in self.overrides:
            return self.overrides[day]
        return self.weekly[day.weekday()]


class WorkingTime:
    """The working intervals of one calendar over ``[first_year, last_year]``."""

    def __init__(self, rules: Rules, first_year: int, last_year: int):
        self.rules = rules
        self.first_year = first_year
        self.last_year = last_year
        self.tz = ZoneInfo(rules.time_zone)
        starts: list[int] = []
        ends: list[int] = []
        day = date(first_year, 1, 1)
        stop = date(last_year + 1, 1, 1)
        one_day = timedelta(days=1)
        while day < stop:
            for start, end in rules.day(day):
                s = self._instant(day, start)
                e = (
                    self._instant(day + one_day, time(0))
                    if end is None
                    else self._instant(day, end)
                )
                if e <= s:
                    continue  # an interval swallowed by a daylight-saving gap
                if ends and s <= ends[-1]:
                    ends[-1] = max(ends[-1], e)  # touching or overlapping: one interval
                else:
                    starts.append(s)
                    ends.append(e)
            day += one_day
        cum_end: list[int] = []
        total = 0
        for s, e in zip(starts, ends, strict=True):
            total += e - s
            cum_end.append(total)
        self.starts = starts
        self.ends = ends
        self.cum_end = cum_end  # working seconds from the range start to each interval's end
        self.range_start = self._instant(date(first_year, 1, 1), time(0))
        self.range_end = self._instant(stop, time(0))

    def _instant(self, day: date, at: time) -> int:
        return int(datetime.combine(day, at, tzinfo=self.tz).timestamp())

    def covers(self, instant: int) -> bool:
        return self.range_start <= instant < self.range_end

    def elapsed(self, instant: int) -> int:
        """Working seconds from the start of the range up to ``instant``."""
        k = bisect_right(self.starts, instant) - 1
        if k < 0:
            return 0
        before = self.cum_end[k] - (self.ends[k] - self.starts[k])
        return before + min(instant, self.ends[k]) - self.starts[k]

    def add(self, instant: int, seconds: int) -> int:
        """The earliest instant at or after ``instant`` with ``seconds`` of working time
        between the two. Raises ``OverflowError`` past the end of the range."""
        if seconds <= 0:
            return instant
        target = self.elapsed(instant) + seconds
        k = bisect_left(self.cum_end, target)
        if k == len(self.cum_end):
            raise OverflowError("beyond the calendar's range")
        return self.ends[k] - (self.cum_end[k] - target)

    def between(self, a: int, b: int) -> int:
        """Working seconds in ``[a, b)``; negative when ``b`` is before ``a``."""
        return self.elapsed(b) - self.elapsed(a)

    def next_working_instant(self, instant: int) -> int:
        k = bisect_right(self.ends, instant)
        if k == len(self.starts):
            raise OverflowError("beyond the calendar's range")
        return max(instant, self.starts[k])


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on a calendar; give it a time zone")
    return int(moment.timestamp())


def from_epoch(seconds: int, tz: ZoneInfo | None = None) -> datetime:
    return datetime.fromtimestamp(seconds, tz or UTC)
