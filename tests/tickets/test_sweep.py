from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hisops.core.capabilities import Role
from hisops.notify.models import Notification
from hisops.tickets.services import TransitionInput, sla_sweep, ticket_create, ticket_transition

pytestmark = pytest.mark.django_db


def test_warning_at_75_percent_and_escalation_at_breach_each_once(make_user, hospital, his):
    admin = make_user(Role.IT_ADMIN)
    manager = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    ticket = ticket_create(
        actor=admin, hospital=hospital, title="HIS无法登录", item=his, level_code="2"
    )
    start = ticket.reported_at  # level 2: respond within 30 minutes on 7×24
    assert sla_sweep(now=start + timedelta(minutes=20)).warned == 0
    first = sla_sweep(now=start + timedelta(minutes=23))  # past 75% (22 of 30 minutes)
    again = sla_sweep(now=start + timedelta(minutes=24))
    assert (first.warned, again.warned) == (1, 0)
    breach = sla_sweep(now=start + timedelta(minutes=31))
    assert breach.escalated == 1 and sla_sweep(now=start + timedelta(minutes=40)).escalated == 0
    kinds = sorted(Notification.objects.filter(recipient=manager).values_list("kind", flat=True))
    assert kinds == ["sla_breach", "sla_warning"]
    clock = ticket.clocks.get(target="response")
    assert clock.breached and clock.escalated_at and clock.warned_at


def test_met_and_paused_clocks_stay_quiet(it_admin, hospital, his):
    met = ticket_create(actor=it_admin, hospital=hospital, title="a", item=his, level_code="2")
    ticket_transition(actor=it_admin, ticket=met, data=TransitionInput(action="accept"))
    paused = ticket_create(actor=it_admin, hospital=hospital, title="b", item=his, level_code="2")
    ticket_transition(
        actor=it_admin,
        ticket=paused,
        data=TransitionInput(action="pause", reason="waiting_hospital", note="等科室确认"),
    )
    later = met.reported_at + timedelta(minutes=29)
    result = sla_sweep(now=later)
    # Only the initial-solution clocks (2 h) of both are running; at 29 minutes they are not at risk.
    assert (result.warned, result.escalated) == (0, 0)
    assert (
        sla_sweep(now=later + timedelta(hours=3)).escalated == 1
    )  # the accepted ticket's 2 h clock


def test_the_sweep_reads_a_constant_number_of_queries_however_many_tickets_are_quiet(
    it_admin, hospital, his
):
    def queries(extra):
        for n in range(extra):
            ticket_create(
                actor=it_admin, hospital=hospital, title=f"t{n}", item=his, level_code="4"
            )
        with CaptureQueriesContext(connection) as ctx:
            sla_sweep()
        return len(ctx.captured_queries)

    assert queries(2) == queries(30)


def test_warn_at_is_stored_and_moves_with_a_pause(it_admin, hospital, his):
    """The warning moment is derived like the due time: 75% of the allowed business time
    plus the pauses, so the sweep needs no calendar maths."""
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="a", item=his, level_code="2",
                           reported_at=start, backdate_reason="电话报修补录")  # fmt: skip
    clock = ticket.clocks.get(target="response")
    assert clock.warn_at == start + timedelta(minutes=22) and clock.due_at == start + timedelta(
        minutes=30
    )
    pause = TransitionInput(
        action="pause",
        reason="waiting_hospital",
        note="等科室确认",
        at=start + timedelta(minutes=5),
    )
    ticket_transition(actor=it_admin, ticket=ticket, data=pause)
    ticket_transition(
        actor=it_admin,
        ticket=ticket,
        data=TransitionInput(action="resume", at=start + timedelta(minutes=15)),
    )
    clock.refresh_from_db()
    assert clock.paused_minutes == 10 and clock.warn_at == start + timedelta(minutes=32)
    assert sla_sweep(now=start + timedelta(minutes=31)).warned == 0
    assert sla_sweep(now=start + timedelta(minutes=33)).warned == 1
