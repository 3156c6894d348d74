"""Working-time arithmetic, without a database: rules in, instants out."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hisops.calendars.timemath import (
    Rules,
    WorkingTime,
    format_intervals,
    from_epoch,
    parse_intervals,
    to_epoch,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = tuple(parse_intervals("08:00-12:00,14:00-18:00"))
WEEK = (OFFICE,) * 5 + ((), ())


def office(overrides=None, tz="Asia/Shanghai", years=(2025, 2027)):
    return WorkingTime(Rules(time_zone=tz, weekly=WEEK, overrides=overrides or {}), *years)


def add(wt, start, minutes):
    return from_epoch(wt.add(to_epoch(start), minutes * 60), start.tzinfo)


def at(*args, tz=SHANGHAI):
    return datetime(*args, tzinfo=tz)


def test_parse_and_format_intervals_round_trip():
    assert (
        format_intervals(parse_intervals("08:00-12:00, 14:00-17:30")) == "08:00-12:00,14:00-17:30"
    )
    assert parse_intervals("00:00-24:00") == [(time(0), None)]
    assert parse_intervals("") == []


@pytest.mark.parametrize("bad", ["8-12", "12:00-08:00", "08:00-12:00,11:00-13:00", "noon-1pm"])
def test_bad_intervals_are_refused(bad):
    with pytest.raises(ValueError):
        parse_intervals(bad)


def test_lunch_break_and_the_night_do_not_count():
    wt = office()
    assert add(wt, at(2026, 3, 2, 11, 0), 120) == at(2026, 3, 2, 15, 0)  # Monday
    assert add(wt, at(2026, 3, 2, 17, 0), 120) == at(2026, 3, 3, 9, 0)


def test_a_start_outside_working_time_counts_from_the_next_working_instant():
    wt = office()
    assert add(wt, at(2026, 3, 2, 6, 30), 30) == at(2026, 3, 2, 8, 30)
    assert add(wt, at(2026, 3, 2, 12, 30), 30) == at(2026, 3, 2, 14, 30)
    assert add(wt, at(2026, 3, 7, 10, 0), 60) == at(2026, 3, 9, 9, 0)  # Saturday -> Monday


def test_a_deadline_that_fills_a_morning_ends_at_noon_not_after_lunch():
    assert add(office(), at(2026, 3, 2, 8, 0), 240) == at(2026, 3, 2, 12, 0)


def test_holiday_and_make_up_workday_overrides():
    holiday, workday = date(2026, 3, 3), date(2026, 3, 7)  # a Tuesday off, a Saturday on
    wt = office({holiday: (), workday: OFFICE})
    assert add(wt, at(2026, 3, 2, 17, 0), 120) == at(2026, 3, 4, 9, 0)
    assert add(wt, at(2026, 3, 6, 17, 0), 120) == at(2026, 3, 7, 9, 0)


def test_seven_by_twenty_four_counts_every_minute_even_across_new_year():
    wt = WorkingTime(
        Rules("Asia/Shanghai", (tuple(parse_intervals("00:00-24:00")),) * 7, {}), 2025, 2027
    )
    start = at(2025, 12, 31, 23, 30)
    assert add(wt, start, 60) == start + timedelta(minutes=60)
    assert len(wt.starts) == 1  # the whole range merged into one interval


def test_berlin_spring_forward_day_is_23_hours_long():
    wt = WorkingTime(
        Rules("Europe/Berlin", (tuple(parse_intervals("00:00-24:00")),) * 7, {}), 2026, 2026
    )
    start, end = at(2026, 3, 29, 0, 0, tz=BERLIN), at(2026, 3, 30, 0, 0, tz=BERLIN)
    assert wt.between(to_epoch(start), to_epoch(end)) == 23 * 3600
    # 01:30 + 60 minutes of real time is 03:30 local: 02:00-03:00 does not exist that night.
    assert add(wt, at(2026, 3, 29, 1, 30, tz=BERLIN), 60) == at(2026, 3, 29, 3, 30, tz=BERLIN)


def test_berlin_fall_back_day_is_25_hours_long_and_office_hours_keep_their_wall_clock():
    around_the_clock = WorkingTime(
        Rules("Europe/Berlin", (tuple(parse_intervals("00:00-24:00")),) * 7, {}), 2026, 2026
    )
    start, end = at(2026, 10, 25, 0, 0, tz=BERLIN), at(2026, 10, 26, 0, 0, tz=BERLIN)
    assert around_the_clock.between(to_epoch(start), to_epoch(end)) == 25 * 3600
    wt = office(tz="Europe/Berlin", years=(2026, 2026))
    # Friday 17:00 + 2 working hours = Monday 09:00 local, whatever the clocks did on Sunday.
    assert add(wt, at(2026, 10, 23, 17, 0, tz=BERLIN), 120) == at(2026, 10, 26, 9, 0, tz=BERLIN)
    assert add(wt, at(2026, 3, 27, 17, 0, tz=BERLIN), 120) == at(2026, 3, 30, 9, 0, tz=BERLIN)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        to_epoch(datetime(2026, 1, 1, 8, 0))  # noqa: DTZ001 - the point of the test


def test_beyond_the_range_is_an_overflow_not_a_wrong_answer():
    wt = office(years=(2026, 2026))
    with pytest.raises(OverflowError):
        wt.add(to_epoch(at(2026, 12, 31, 17, 0)), 3600 * 10)


# Properties over a calendar with holidays, make-up days and a time zone -----------------

HOLIDAYS = {date(2026, 5, d): () for d in range(1, 6)} | {
    date(2026, 10, d): () for d in range(1, 8)
}
MAKE_UP = {date(2026, 4, 26): OFFICE, date(2026, 10, 10): OFFICE}
WT = office(HOLIDAYS | MAKE_UP, years=(2025, 2027))
# Hypothesis takes naive bounds and attaches the zone itself.
starts = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
).map(lambda d: d.replace(microsecond=0))
minutes = st.integers(min_value=0, max_value=10 * 480)


@settings(max_examples=300, deadline=None)
@given(start=starts, m=minutes)
def test_between_start_and_its_deadline_is_exactly_the_duration(start, m):
    due = WT.add(to_epoch(start), m * 60)
    assert WT.between(to_epoch(start), due) == m * 60
    assert due >= to_epoch(start)


@settings(max_examples=300, deadline=None)
@given(start=starts, a=minutes, b=minutes)
def test_adding_more_never_ends_earlier(start, a, b):
    low, high = sorted((a, b))
    assert WT.add(to_epoch(start), low * 60) <= WT.add(to_epoch(start), high * 60)


@settings(max_examples=300, deadline=None)
@given(start=starts, a=minutes, b=minutes)
def test_adding_in_two_steps_equals_adding_once(start, a, b):
    s = to_epoch(start)
    assert WT.add(WT.add(s, a * 60), b * 60) == WT.add(s, (a + b) * 60)
