from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hisops.core.capabilities import Role
from hisops.tickets.services import ticket_create

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_queue_query_count_is_constant_as_tickets_grow(client, it_admin, hospital, his):
    client.force_login(it_admin)

    def count(extra):
        for n in range(extra):
            ticket_create(
                actor=it_admin, hospital=hospital, title=f"t{n}", item=his, level_code="2"
            )
        client.get("/tickets/")  # warm: per-process caches filled, as on a running server
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tickets/").status_code == 200
        return len(ctx.captured_queries)

    assert count(3) == count(40)


def test_ticket_page_offers_only_allowed_actions_and_masks_for_vendors(
    client, make_user, hospital, his
):
    admin = make_user(Role.IT_ADMIN)
    ticket = ticket_create(actor=admin, hospital=hospital, title="患者13812345678回电", item=his, level_code="2",
                           reported_at=timezone.now() - timedelta(hours=1), backdate_reason="补录")  # fmt: skip
    client.force_login(make_user(Role.VENDOR_ENGINEER, vendor=his.vendor))
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert (
        'value="accept"' in page
        and 'value="close"' not in page
        and 'value="change_level"' not in page
    )
    client.force_login(make_user(Role.VENDOR_ENGINEER))
    assert client.get(f"/tickets/{ticket.number}/").status_code == 404


def test_a_refused_action_is_a_403_and_a_wrong_one_a_message(client, make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    ticket = ticket_create(actor=nurse, hospital=hospital, title="x", item=his, level_code="2")
    client.force_login(nurse)
    assert client.post(f"/tickets/{ticket.number}/action/", {"action": "accept"}).status_code == 403
    client.force_login(make_user(Role.IT_ADMIN))
    response = client.post(f"/tickets/{ticket.number}/action/", {"action": "close"}, follow=True)
    assert "不能执行" in response.content.decode()


def test_report_page_creates_a_ticket_for_the_clinician(client, make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    client.force_login(nurse)
    response = client.post(
        "/tickets/report/",
        {"item": his.pk, "impact": "person_down", "title": "打印机卡纸", "phone": "13800001111"},
    )
    assert response.status_code == 302
    assert nurse.reported_tickets.get().title == "打印机卡纸"
    assert client.get("/tickets/report/").status_code == 200


def test_report_page_query_count_does_not_grow_with_the_catalog(client, make_user, hospital, his):
    client.force_login(make_user(Role.CLINICIAN))

    def count(extra):
        for _ in range(extra):
            ItemFactory(hospital=hospital, parent=his, kind="module")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/tickets/report/")
        return len(ctx.captured_queries)

    assert count(2) == count(25)


def test_major_incident_page_takes_the_review_and_comments(client, make_user, hospital, his):
    admin = make_user(Role.IT_ADMIN)
    ticket = ticket_create(
        actor=admin, hospital=hospital, title="HIS宕机", item=his, level_code="1"
    )
    client.force_login(admin)
    url = f"/tickets/{ticket.number}/"
    assert 'data-testid="major"' in client.get(url).content.decode()
    client.post(f"{url}comment/", {"text": "已切换备机，正在恢复"})
    client.post(f"{url}action/", {"action": "accept"})
    client.post(f"{url}action/", {"action": "resolve", "resolution": "更换内存"})
    page = client.get(url).content.decode()
    assert 'data-testid="review-form"' in page and "已切换备机，正在恢复" in page
    client.post(
        f"{url}action/",
        {
            "action": "review",
            "review_cause": "内存故障",
            "review_impact": "停机20分钟",
            "review_actions": "双机热备演练",
        },
    )
    assert 'data-testid="review"' in client.get(url).content.decode()


def test_only_the_reporter_or_staff_see_the_followup_button(client, make_user, hospital, his):
    from hisops.core.capabilities import Role as R

    ward_nurse = make_user(R.CLINICIAN)
    ticket = ticket_create(actor=ward_nurse, hospital=hospital, title="x", item=his, level_code="2")
    admin = make_user(R.IT_ADMIN)
    client.force_login(admin)
    for body in (
        {"action": "accept"},
        {"action": "resolve", "resolution": "ok"},
        {"action": "confirm"},
    ):
        client.post(f"/tickets/{ticket.number}/action/", body)
    assert 'value="followup"' in client.get(f"/tickets/{ticket.number}/").content.decode()
    client.force_login(ward_nurse)
    assert 'value="followup"' in client.get(f"/tickets/{ticket.number}/").content.decode()
    client.force_login(make_user(R.LEADER))
    assert 'value="followup"' not in client.get(f"/tickets/{ticket.number}/").content.decode()


def test_phone_intake_opens_a_ticket_with_its_call_log(client, it_admin, his):
    client.force_login(it_admin)
    assert client.get("/tickets/new/").status_code == 200
    response = client.post("/tickets/new/", {
        "kind": "incident", "item": his.pk, "level_code": "2", "title": "门诊收费无法打印发票", "reporter_name": "收费处 刘",
        "phone": "0571-8888-2001", "channel": "phone", "caller_number": "0571-8888-2001",
        "call_started_at": "2026-11-22T09:05", "call_seconds": "95",
    })  # fmt: skip
    from hisops.tickets.models import Ticket

    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/tickets/{ticket.number}/"
    )
    assert ticket.channel == "phone" and ticket.level.code == "2" and ticket.call_seconds == 95
    assert (
        ticket.clear("caller_number") == "0571-8888-2001" and ticket.call_started_at.hour == 1
    )  # 09:05 in Shanghai is 01:05 UTC
    refused = client.post(
        "/tickets/new/",
        {"kind": "incident", "item": his.pk, "level_code": "9", "title": "x", "channel": "phone"},
    )
    assert refused.status_code == 200 and Ticket.objects.count() == 1


def test_clinicians_have_no_phone_intake(client, make_user):
    client.force_login(make_user(Role.CLINICIAN))
    assert client.get("/tickets/new/").status_code == 403


def test_the_timeline_speaks_in_words_not_codes(client, it_admin, hospital):
    import re

    from hisops.tickets.services import ticket_accept, ticket_comment, ticket_create, ticket_pause

    ticket = ticket_create(actor=it_admin, hospital=hospital, title="打印机卡纸", channel="phone")
    ticket_accept(actor=it_admin, ticket=ticket)
    ticket_pause(actor=it_admin, ticket=ticket, reason="waiting_hospital", note="等科室确认")
    ticket_comment(actor=it_admin, ticket=ticket, text="已电话联系")
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    timeline = page[page.index('data-testid="timeline"') :]
    timeline = timeline[: timeline.index("</ul>")]
    for word in ("报修", "受理", "暂停计时", "评论", "等待院方"):
        assert word in timeline, word
    for code in ("<strong>create", "<strong>accept", "→ new", "→ accepted", "waiting_hospital"):
        assert code not in timeline, code
    assert not re.search(r"<strong>[a-z_]+</strong>", timeline)


def test_a_paused_clock_says_how_long_it_has_been_paused_not_a_stale_due_time(
    client, it_admin, hospital
):
    from datetime import timedelta

    from django.utils import timezone

    from hisops.tickets.services import ticket_create, ticket_pause

    from ..conftest import covered_system

    his = covered_system(hospital, code="HIS", contract="HT-1")  # level 2 runs on 7×24
    now = timezone.now()
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="门诊收费卡顿", item=his, level_code="2",
                           reported_at=now - timedelta(minutes=40), backdate_reason="电话补录")  # fmt: skip
    ticket_pause(
        actor=it_admin,
        ticket=ticket,
        reason="waiting_hospital",
        note="等科室",
        at=now - timedelta(minutes=30),
    )
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    clocks = page[page.index('data-testid="clocks"') :]
    clocks = clocks[: clocks.index("</ul>")]
    assert clocks.count('data-testid="paused-for"') == 2  # response and initial solution
    assert "已暂停 30 分钟" in clocks
    due = timezone.localtime(ticket.clocks.get(target="response").due_at).strftime("%m-%d %H:%M")
    assert due not in clocks  # the stale due time is not shown while paused


def test_the_correction_form_is_loaded_only_when_opened(client, hospital, his, make_user, it_admin):
    """The ticket page stays light: the form with every CMDB item in a select is a fragment
    fetched when IT opens "correct the ticket"; nobody else may fetch it."""
    from hisops.tickets.services import ticket_create

    ticket = ticket_create(actor=it_admin, hospital=hospital, title="打印机卡纸", item=his)
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    posts_to = f'action="/tickets/{ticket.number}/correct/"'
    assert 'data-testid="correct"' in page and posts_to not in page
    fragment = client.get(f"/tickets/{ticket.number}/correct/").content.decode()
    assert posts_to in fragment and f'value="{his.pk}"' in fragment
    client.force_login(make_user(Role.VENDOR_ENGINEER, vendor=his.vendor))
    assert client.get(f"/tickets/{ticket.number}/correct/").status_code == 403
