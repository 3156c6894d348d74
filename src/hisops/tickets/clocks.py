"""SLA clock arithmetic for tickets, on the calendar maths of :mod:`hisops.calendars.selectors`.

A clock's due time is always derived, never adjusted by hand:

    due_at = add_business_minutes(calendar, ticket.reported_at, duration + paused_minutes)

so pausing, resuming, changing the level and receiving new holiday data all reduce to
"update the inputs, derive again". ``paused_minutes`` is the business time (on the
clock's own calendar) the ticket spent in pausing statuses.
"""

from datetime import datetime

from hisops.calendars.selectors import (
    add_business_minutes,
    business_minutes_between,
    missing_years,
    to_minutes,
)
from hisops.contracts.models import SLALevel

from .models import SLAClock, Ticket

# Which transition meets which target.
MET_BY = {
    "accept": "response",
    "propose_solution": "initial_solution",
    "arrive": "onsite",
    "resolve": "resolve",
}


DEFAULT_WARNING_SHARE = 75


def derive(clock: SLAClock, ticket: Ticket, now: datetime) -> None:
    """Recompute due_at, warn_at, breached and the missing-data flag from the clock's
    inputs. The warning share is the contract's (75% without one)."""
    clock.due_at = add_business_minutes(
        clock.calendar, ticket.reported_at, clock.duration_minutes + clock.paused_minutes
    )
    share = ticket.contract.warning_share if ticket.contract_id else DEFAULT_WARNING_SHARE
    clock.warn_at = add_business_minutes(
        clock.calendar,
        ticket.reported_at,
        clock.duration_minutes * share // 100 + clock.paused_minutes,
    )
    clock.holiday_data_missing = bool(
        missing_years(clock.calendar, ticket.reported_at, clock.due_at)
    )
    reference = clock.met_at or now
    clock.breached = reference > clock.due_at


def plan(ticket: Ticket, level: SLALevel | None, now: datetime) -> list[SLAClock]:
    """Unsaved clocks for every target of the level, started at the ticket's report time.
    A ticket that names a service item with its own response time (seed 004: 咨询 1 小时内
    响应) takes that response clock instead of the level's."""
    specs = {
        t.target: (t.calendar, to_minutes(t.calendar, t.duration, t.unit), t.immediate)
        for t in (level.targets.select_related("calendar") if level is not None else ())
    }
    item = ticket.service_item if ticket.service_item_id else None
    if item is not None and item.response_duration is not None and item.response_calendar_id:
        calendar = item.response_calendar
        specs["response"] = (
            calendar, to_minutes(calendar, item.response_duration, item.response_unit), item.response_immediate,
        )  # fmt: skip
    clocks = []
    for target, (calendar, minutes, immediate) in specs.items():
        clock = SLAClock(
            hospital_id=ticket.hospital_id, ticket=ticket, target=target, calendar=calendar,
            duration_minutes=minutes, immediate=immediate,
        )  # fmt: skip
        derive(clock, ticket, now)
        clocks.append(clock)
    return clocks


def add_pause(
    clock: SLAClock, ticket: Ticket, paused_from: datetime, paused_to: datetime, now: datetime
) -> None:
    """Credit a running clock with the business time of a pause and derive it again."""
    if clock.met_at is not None:
        return
    clock.paused_minutes += max(0, business_minutes_between(clock.calendar, paused_from, paused_to))
    derive(clock, ticket, now)
