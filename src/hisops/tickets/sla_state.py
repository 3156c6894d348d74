"""The SLA state of a ticket and of each of its clocks: one definition, read two ways.

A ticket that is open and has clocks is in exactly one state, the first that holds:

- ``paused``   it waits on the hospital or a third party;
- ``breached`` a clock missed its target, or a running clock is past due;
- ``at_risk``  a running clock has been warned (the contract's share of its target);
- ``on_track`` the rest.

:data:`TICKET_STATES` writes that once, as conditions on the ticket and its clocks. The
queue's badge evaluates them on the clocks in hand (:func:`ticket_state`); the ``sla=``
filter of the queue and the API turns the same conditions into SQL (:func:`ticket_filter`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import OPEN_STATUSES


@dataclass(frozen=True)
class ClockIs:
    """A condition on one clock; ``None`` leaves that part open."""

    breached: bool | None = None
    running: bool | None = None  # not yet met
    overdue: bool | None = None  # due time passed
    warned: bool | None = None

    def holds(self, clock, now: datetime) -> bool:
        return all(
            want is None or want == have
            for want, have in (
                (self.breached, clock.breached),
                (self.running, clock.met_at is None),
                (self.overdue, clock.due_at <= now),
                (self.warned, clock.warned_at is not None),
            )
        )

    def q(self, now: datetime) -> Q:
        q = Q()
        if self.breached is not None:
            q &= Q(breached=self.breached)
        if self.running is not None:
            q &= Q(met_at__isnull=self.running)
        if self.overdue is not None:
            q &= Q(due_at__lte=now) if self.overdue else Q(due_at__gt=now)
        if self.warned is not None:
            q &= Q(warned_at__isnull=not self.warned)
        return q


MISSED = ClockIs(breached=True)
RUNNING_LATE = ClockIs(running=True, overdue=True)
RUNNING_WARNED = ClockIs(running=True, warned=True)

# (state, the ticket is paused?, any clock meeting one of these) - the first that holds.
TICKET_STATES: tuple[tuple[str, bool | None, tuple[ClockIs, ...]], ...] = (
    ("paused", True, ()),
    ("breached", False, (MISSED, RUNNING_LATE)),
    ("at_risk", False, (RUNNING_WARNED,)),
    ("on_track", False, ()),
)
SLA_STATES = tuple(state for state, _paused, _clocks in TICKET_STATES)
SLA_STATE_LABELS = {
    "breached": _("Breached"),
    "at_risk": _("At risk"),
    "paused": _("Paused"),
    "on_track": _("On track"),
}


def ticket_state(ticket, clocks, now: datetime) -> str | None:
    """The ticket's state from its clocks in hand (no query); ``None`` when it is closed or
    has no clocks."""
    clocks = list(clocks)
    if ticket.status not in OPEN_STATUSES or not clocks:
        return None
    paused = ticket.paused_since is not None
    for state, when_paused, conditions in TICKET_STATES:
        if when_paused is not None and when_paused != paused:
            continue
        if not conditions or any(c.holds(clock, now) for c in conditions for clock in clocks):
            return state
    raise AssertionError("the last state holds for every ticket")


def ticket_filter(state: str, now: datetime, clock_model) -> Q:
    """The tickets in ``state``, as a condition on tickets: each earlier state's
    conditions excluded, this state's required, as :func:`ticket_state` reads them."""
    clocks = clock_model.objects.filter(ticket_id=OuterRef("pk"))
    q = Q(status__in=list(OPEN_STATUSES)) & Q(Exists(clocks))
    for name, when_paused, conditions in TICKET_STATES:
        here = Q()
        if when_paused is not None:
            here &= Q(paused_since__isnull=not when_paused)
        if conditions:
            any_clock = Q()
            for condition in conditions:
                any_clock |= Q(Exists(clocks.filter(condition.q(now))))
            here &= any_clock
        if name == state:
            return q & here
        q &= ~here
    raise ValueError(f"unknown SLA state {state!r}")


def clock_state(ticket, clock, now: datetime) -> str:
    """One clock's state for its badge: ``met`` (on time), ``breached``, ``paused``,
    ``at_risk`` or ``on_track``, by the same clock conditions."""
    if clock.met_at is not None:
        return "breached" if MISSED.holds(clock, now) else "met"
    if ticket.paused_since is not None:
        return "paused"
    if MISSED.holds(clock, now) or RUNNING_LATE.holds(clock, now):
        return "breached"
    return "at_risk" if RUNNING_WARNED.holds(clock, now) else "on_track"
