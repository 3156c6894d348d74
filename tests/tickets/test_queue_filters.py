"""The queue's filters: status (open), level, system and its modules, vendor, department,
SLA state, assignee, team — on the page and the API, with constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hisops.accounts.services import team_create
from hisops.core.capabilities import SYSTEM, Role
from hisops.tickets.models import SLAClock
from hisops.tickets.selectors import ticket_list
from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

from ..factories import DepartmentFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(hospital, his, lis, it_admin, make_user):
    """Four open tickets, one per SLA state, and one closed-out (cancelled)."""
    ward = DepartmentFactory(hospital=hospital, name="心内科")
    module = ItemFactory(hospital=hospital, kind="module", parent=his, vendor=his.vendor)
    engineer = make_user(Role.IT_ENGINEER)

    def new(title, item, **kw):
        return ticket_create(
            actor=it_admin,
            hospital=hospital,
            title=title,
            item=item,
            level_code=kw.pop("level", "2"),
            **kw,
        )

    tickets = {
        "on_track": new("挂号慢", his, level="3"),
        "at_risk": new("医嘱打印", module, department=ward),
        "breached": new("检验结果不回传", lis),
        "paused": new("等医院确认", his),
        "cancelled": new("误报", his),
    }
    SLAClock.objects.filter(ticket=tickets["at_risk"]).update(warned_at=timezone.now())
    SLAClock.objects.filter(ticket=tickets["breached"], target="response").update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    ticket_transition(
        actor=it_admin,
        ticket=tickets["paused"],
        data=TransitionInput(action="pause", reason="waiting_hospital", note="等科室确认医嘱"),
    )
    ticket_transition(
        actor=it_admin,
        ticket=tickets["cancelled"],
        data=TransitionInput(action="cancel", reason="误报"),
    )
    team = team_create(actor=SYSTEM, hospital=hospital, name="数据库组", members=[engineer])
    from hisops.tickets.services import ticket_assign

    ticket_assign(actor=it_admin, ticket=tickets["breached"], assignee=engineer, group=team)
    return {"tickets": tickets, "ward": ward, "engineer": engineer, "team": team}


def titles(qs):
    return {t.title for t in qs}


@pytest.mark.parametrize("state", ["on_track", "at_risk", "breached", "paused"])
def test_each_sla_state_finds_its_ticket(it_admin, queue, state):
    assert titles(ticket_list(user=it_admin, sla=state)) == {queue["tickets"][state].title}


def test_the_other_filters(it_admin, queue, his, lis):
    t = queue["tickets"]
    assert titles(ticket_list(user=it_admin, status="open")) == {
        t[k].title for k in ("on_track", "at_risk", "breached", "paused")
    }
    assert titles(ticket_list(user=it_admin, item=his.pk)) == {
        t[k].title for k in ("on_track", "at_risk", "paused", "cancelled")
    }
    assert titles(ticket_list(user=it_admin, vendor=lis.vendor_id)) == {t["breached"].title}
    assert titles(ticket_list(user=it_admin, level="3")) == {t["on_track"].title}
    assert titles(ticket_list(user=it_admin, department=queue["ward"].pk)) == {t["at_risk"].title}
    assert titles(ticket_list(user=it_admin, assignee=queue["engineer"].pk)) == {
        t["breached"].title
    }
    assert titles(ticket_list(user=it_admin, group=queue["team"].pk)) == {t["breached"].title}


def test_the_page_defaults_to_open_tickets_and_filters_by_sla(client, it_admin, queue):
    client.force_login(it_admin)
    page = client.get("/tickets/").content.decode()
    assert (
        queue["tickets"]["on_track"].number in page
        and queue["tickets"]["cancelled"].number not in page
    )
    page = client.get("/tickets/", {"status": "open", "sla": "breached"}).content.decode()
    assert (
        queue["tickets"]["breached"].number in page
        and queue["tickets"]["on_track"].number not in page
    )
    assert client.get("/tickets/", {"item": "not-a-number"}).status_code == 200  # ignored, no 500


def test_the_api_takes_the_same_filters(api, it_admin, queue):
    body = api(it_admin).get("/api/v1/tickets/", {"sla": "paused"}).json()
    assert [r["number"] for r in body["results"]] == [queue["tickets"]["paused"].number]
    bad = api(it_admin).get("/api/v1/tickets/", {"sla": "late"})
    assert bad.status_code == 400 and "sla" in bad.json()["fields"]


def test_filtered_queue_queries_do_not_grow(client, it_admin, hospital, his, queue):
    client.force_login(it_admin)

    def count(extra):
        for n in range(extra):
            ticket_create(
                actor=it_admin, hospital=hospital, title=f"t{n}", item=his, level_code="2"
            )
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(
                    "/tickets/", {"status": "open", "sla": "on_track", "item": his.pk}
                ).status_code
                == 200
            )
        return len(ctx.captured_queries)

    assert count(2) == count(30)


def test_the_total_is_counted_once_until_tickets_change(api, it_admin, hospital, his):
    client = api(it_admin)

    def listing():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/tickets/").json()
        return body["count"], sum("COUNT(" in q["sql"] for q in ctx.captured_queries)

    ticket_create(actor=it_admin, hospital=hospital, title="a", item=his, level_code="2")
    assert listing() == (1, 1)
    assert listing() == (1, 0)  # the same list again: the cached total
    ticket_create(actor=it_admin, hospital=hospital, title="b", item=his, level_code="2")
    assert listing() == (2, 1)  # a write moved the version: counted afresh
