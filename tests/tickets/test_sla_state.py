"""A ticket's SLA state is one definition: the queue's badge and the ``sla=`` filter (page
and API) put every open ticket with clocks in the same one state."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hisops.tickets import selectors
from hisops.tickets.services import (
    sla_sweep,
    ticket_accept,
    ticket_cancel,
    ticket_create,
    ticket_pause,
)
from hisops.tickets.sla_state import SLA_STATES
from hisops.tickets.views.desk import nearest_clock

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


def test_every_state_is_the_same_on_the_badge_and_in_the_filter(it_admin, hospital):
    his = covered_system(
        hospital, code="HIS", contract="HT-1"
    )  # level 2: response 30′, solution 2 h, 7×24
    now = timezone.now().replace(microsecond=0)

    def reported(minutes_ago, title):
        return ticket_create(
            actor=it_admin, hospital=hospital, title=title, item=his, level_code="2",
            reported_at=now - timedelta(minutes=minutes_ago), backdate_reason="电话报修后补录",
        )  # fmt: skip

    on_track = reported(5, "刚报修")
    at_risk = reported(25, "响应将超时")  # warned at 75% of 30′
    running_late = reported(40, "响应已超时")
    met_late = reported(60, "响应迟到，初步方案未到期")
    ticket_accept(actor=it_admin, ticket=met_late, at=now - timedelta(minutes=20))
    paused = reported(5, "等待医院")
    ticket_pause(actor=it_admin, ticket=paused, reason="waiting_hospital", note="等科室确认")
    cancelled = reported(5, "误报")
    ticket_cancel(actor=it_admin, ticket=cancelled, reason="误报")
    uncovered = ticket_create(actor=it_admin, hospital=hospital, title="无合同", channel="phone")
    sla_sweep(now=now)

    expected = {
        on_track: "on_track", at_risk: "at_risk", running_late: "breached",
        met_late: "breached",  # its running clock is on time, but a target was missed
        paused: "paused", cancelled: None, uncovered: None,
    }  # fmt: skip
    selected = {
        state: set(
            selectors.ticket_list(user=it_admin, sla=state, now=now).values_list("pk", flat=True)
        )
        for state in SLA_STATES
    }
    listed = {t.pk: t for t in selectors.ticket_list(user=it_admin, now=now)}
    client = Client()
    client.force_login(it_admin)
    page = client.get("/tickets/?status=").content.decode()  # the queue page's badges
    shown = dict(
        re.findall(r'<tr data-number="([^"]+)">.*?(?:data-state="(\w+)"|</tr>)', page, re.S)
    )
    for ticket, state in expected.items():
        in_filters = [s for s, pks in selected.items() if ticket.pk in pks]
        assert in_filters == ([state] if state else []), (ticket.title, in_filters)
        badge = nearest_clock(listed[ticket.pk], now)
        assert (badge.state if badge else None) == state, ticket.title
        assert (shown[ticket.number] or None) == state, ticket.title
