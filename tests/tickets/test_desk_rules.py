"""The rules that protect the clock and keep the reporter in the loop: who may pause and
why, contesting a wait, the reporter's notifications and one-tap confirmation, IT's
corrections, and the report form's system list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.notify.models import Delivery, Notification
from hisops.notify.services import channel_create
from hisops.tickets.models import Ticket
from hisops.tickets.services import (
    ticket_accept,
    ticket_contest,
    ticket_correct,
    ticket_create,
    ticket_dispatch,
    ticket_pause,
    ticket_resolve,
)

from ..factories import DepartmentFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(make_user):
    return make_user(Role.CLINICIAN, email="nurse@example.org")


@pytest.fixture
def vendor_engineer(make_user, his):
    return make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)


@pytest.fixture
def reported(nurse, hospital, his):
    return ticket_create(
        actor=nurse, hospital=hospital, title="打印卡死", item=his, impact="person_down"
    )


# -- pausing -----------------------------------------------------------------------------


def test_a_vendor_cannot_pause_a_ticket_it_has_not_accepted(reported, vendor_engineer):
    with pytest.raises(PermissionDenied):
        ticket_pause(actor=vendor_engineer, ticket=reported, reason="waiting_third_party")
    assert Ticket.objects.get().status == "new"
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    assert (
        ticket_pause(actor=vendor_engineer, ticket=ticket, reason="waiting_third_party").status
        == "waiting_third_party"
    )


def test_it_may_pause_a_new_ticket(reported, it_admin):
    ticket = ticket_pause(
        actor=it_admin, ticket=reported, reason="waiting_hospital", note="等科室确认医嘱"
    )
    assert ticket.status == "waiting_hospital"


def test_waiting_for_the_hospital_needs_a_reason_in_words(reported, vendor_engineer):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    with pytest.raises(ValidationError) as refused:
        ticket_pause(actor=vendor_engineer, ticket=ticket, reason="waiting_hospital", note="  ")
    assert "note" in refused.value.fields
    assert Ticket.objects.get().status == "accepted"


def test_a_contested_wait_ends_and_its_time_counts(
    django_capture_on_commit_callbacks, reported, vendor_engineer, nurse, it_admin
):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    start = timezone.now() - timedelta(minutes=50)
    Ticket.objects.filter(pk=ticket.pk).update(reported_at=start - timedelta(minutes=10))
    ticket.refresh_from_db()
    ticket = ticket_pause(actor=vendor_engineer, ticket=ticket, reason="waiting_hospital",
                          note="等科室提供患者信息", at=None)  # fmt: skip
    Ticket.objects.filter(pk=ticket.pk).update(paused_since=start)
    ticket.refresh_from_db()
    before = {c.target: c.due_at for c in ticket.clocks.all()}
    with pytest.raises(ValidationError):
        ticket_contest(actor=nurse, ticket=ticket, note="")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_contest(actor=nurse, ticket=ticket, note="信息早已在工单里")
    assert ticket.status == "in_progress" and ticket.paused_since is None
    after = {c.target: c for c in ticket.clocks.all()}
    assert all(after[t].due_at == before[t] and after[t].paused_minutes == 0 for t in before)
    assert ticket.events.filter(action="contest", note="信息早已在工单里").exists()
    assert AuditEvent.objects.filter(action="tickets.ticket.contest").exists()
    told = Notification.objects.get(kind="pause_contested", recipient=it_admin)
    assert ticket.number in told.title


def test_only_the_reporter_or_it_may_contest(reported, vendor_engineer, make_user):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    ticket = ticket_pause(
        actor=vendor_engineer, ticket=ticket, reason="waiting_hospital", note="等科室"
    )
    with pytest.raises(PermissionDenied):
        ticket_contest(actor=make_user(Role.CLINICIAN), ticket=ticket, note="不是我们")
    with pytest.raises(PermissionDenied):
        ticket_contest(actor=vendor_engineer, ticket=ticket, note="x")


def test_a_wait_for_a_third_party_cannot_be_contested(reported, vendor_engineer, nurse):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    ticket = ticket_pause(actor=vendor_engineer, ticket=ticket, reason="waiting_third_party")
    with pytest.raises(ValidationError) as refused:
        ticket_contest(actor=nurse, ticket=ticket, note="x")
    assert refused.value.code == "invalid_transition"


# -- the reporter hears --------------------------------------------------------------------


def test_the_reporter_is_told_at_each_step_and_the_last_link_confirms(
    django_capture_on_commit_callbacks, reported, vendor_engineer, nurse, it_admin, hospital
):
    channel_create(actor=it_admin, hospital=hospital, kind="wecom", name="科室群",
                   target="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_pause(actor=vendor_engineer, ticket=ticket, reason="waiting_hospital",
                              note="请提供打印机型号")  # fmt: skip
    from hisops.tickets.services import ticket_resume

    ticket = ticket_resume(actor=vendor_engineer, ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_dispatch(actor=vendor_engineer, ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        from hisops.tickets.services import ticket_arrive

        ticket = ticket_arrive(actor=vendor_engineer, ticket=ticket)
        ticket = ticket_resolve(actor=vendor_engineer, ticket=ticket, resolution="更换驱动")
    mine = list(Notification.objects.filter(recipient=nurse).order_by("pk"))
    assert [n.kind for n in mine] == [
        "ticket_accept",
        "ticket_pause",
        "ticket_dispatch",
        "ticket_resolve",
    ]
    assert "请提供打印机型号" in mine[1].title
    assert mine[-1].url == f"/tickets/{ticket.number}/confirm/"
    # The nurse's own mail carries them; the department's group robot does not.
    assert Delivery.objects.filter(target="nurse@example.org").count() == 4
    assert (
        not Delivery.objects.filter(kind="wecom", event__startswith="ticket_")
        .exclude(event="ticket_created")
        .exists()
    )


def test_the_reporter_confirms_in_one_tap_from_the_notification(
    client, reported, vendor_engineer, nurse
):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    ticket = ticket_resolve(actor=vendor_engineer, ticket=ticket, resolution="更换驱动")
    client.force_login(nurse)
    page = client.get(f"/tickets/{ticket.number}/confirm/")
    assert page.status_code == 200 and "更换驱动" in page.content.decode()
    response = client.post(f"/tickets/{ticket.number}/action/",
                           {"action": "confirm", "next": f"/tickets/{ticket.number}/confirm/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("/confirm/")
    assert Ticket.objects.get().status == "confirmed"
    rate = client.get(f"/tickets/{ticket.number}/confirm/").content.decode()
    assert 'data-testid="rate-form"' in rate


def test_the_confirm_page_of_a_ticket_with_nothing_to_confirm_leads_to_the_ticket(
    client, reported, nurse
):
    client.force_login(nurse)
    response = client.get(f"/tickets/{reported.number}/confirm/")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{reported.number}/"


# -- IT corrects --------------------------------------------------------------------------


def test_correcting_the_item_finds_its_contract_and_recomputes_the_clocks(
    it_admin, hospital, nurse, lis
):
    ticket = ticket_create(
        actor=nurse, hospital=hospital, title="报告打不出来", impact="person_down"
    )
    assert ticket.contract is None and not ticket.clocks.exists()
    ticket = ticket_correct(
        actor=it_admin, ticket=ticket, item=lis, reason="护士选了不确定，实为LIS"
    )
    assert ticket.contract.number == "HT-2" and ticket.level.code == "2"
    response = ticket.clocks.get(target="response")
    assert response.due_at == (ticket.reported_at + timedelta(minutes=30)).replace(microsecond=0)
    event = ticket.events.get(action="correct")
    assert event.data["contract"] == ["", "HT-2"] and event.note == "护士选了不确定，实为LIS"
    audit = AuditEvent.objects.get(action="tickets.ticket.correct")
    assert audit.message == "护士选了不确定，实为LIS"


def test_moving_a_ticket_to_another_contract_keeps_met_times(
    it_admin, hospital, his, lis, vendor_engineer, nurse
):
    ticket = ticket_create(
        actor=nurse, hospital=hospital, title="x", item=his, impact="person_down"
    )
    ticket = ticket_accept(actor=vendor_engineer, ticket=ticket)
    ticket = ticket_correct(actor=it_admin, ticket=ticket, item=lis, reason="实为LIS")
    assert ticket.contract.number == "HT-2"
    assert ticket.clocks.get(target="response").met_at is not None


def test_title_department_and_reporter_are_corrected_with_the_reason(
    it_admin, hospital, reported, make_user, client
):
    ward = DepartmentFactory(hospital=hospital, name="心内科病区")
    other = make_user(Role.CLINICIAN, full_name="张护士")
    ticket = ticket_correct(actor=it_admin, ticket=reported, title="住院护士站打印卡死", department=ward,
                            reporter=other, reason="电话核实")  # fmt: skip
    assert (ticket.title, ticket.department, ticket.reporter, ticket.reporter_name) == (
        "住院护士站打印卡死",
        ward,
        other,
        str(other),
    )
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert "心内科病区" in page and "电话核实" in page and "打印卡死 → 住院护士站打印卡死" in page


def test_a_correction_needs_a_reason_it_and_this_hospital(
    it_admin, reported, vendor_engineer, other_hospital
):
    with pytest.raises(ValidationError):
        ticket_correct(actor=it_admin, ticket=reported, title="新标题", reason=" ")
    with pytest.raises(PermissionDenied):
        ticket_correct(actor=vendor_engineer, ticket=reported, title="新标题", reason="x")
    stranger = ItemFactory(hospital=other_hospital)
    with pytest.raises(ValidationError) as refused:
        ticket_correct(actor=it_admin, ticket=reported, item=stranger, reason="x")
    assert "item" in refused.value.fields
    assert Ticket.objects.get().title == "打印卡死"


def test_the_correct_form_on_the_page_changes_only_what_differs(client, it_admin, reported, lis):
    client.force_login(it_admin)
    response = client.post(f"/tickets/{reported.number}/correct/", {
        "title": reported.title, "item": lis.pk, "department": "", "reporter": reported.reporter_id,
        "reason": "实为LIS",
    })  # fmt: skip
    assert response.status_code == 302
    event = Ticket.objects.get().events.get(action="correct")
    assert set(event.data) == {"item", "contract", "level"}  # HT-2's own level 2


# -- the report form -----------------------------------------------------------------------


def test_the_report_form_lists_the_departments_systems_first_and_finds_common_words(
    client, hospital, make_user
):
    ward = DepartmentFactory(hospital=hospital, name="检验科")
    lis = ItemFactory(hospital=hospital, code="LIS", name="实验室信息系统", aliases="检验, 化验")
    lis.departments.add(ward)
    ItemFactory(hospital=hospital, code="AAA", name="阿系统")
    nurse = make_user(Role.CLINICIAN, department=ward)
    from hisops.catalog.selectors import report_choices

    choices = report_choices(user=nurse)
    assert choices[0].pk == lis.pk and choices[0].in_department
    assert "化验" in choices[0].words and "lis" in choices[0].words
    client.force_login(nurse)
    page = client.get("/tickets/report/").content.decode()
    assert 'value="unsure"' in page and 'data-words="lis 实验室信息系统 检验, 化验"' in page


def test_not_sure_lands_the_ticket_with_it_without_an_item(client, make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    client.force_login(nurse)
    response = client.post(
        "/tickets/report/", {"item": "unsure", "impact": "department_down", "title": "电脑全黑屏"}
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.item is None and ticket.impact == "department_down"


def test_a_report_without_a_system_choice_is_refused_in_words(client, make_user, hospital):
    client.force_login(make_user(Role.CLINICIAN))
    page = client.post("/tickets/report/", {"impact": "question", "title": "x"}).content.decode()
    assert "不确定" in page and not Ticket.objects.exists()


def test_a_clinicians_home_is_the_report_page(client, make_user):
    client.force_login(make_user(Role.CLINICIAN))
    assert client.get("/")["Location"] == "/tickets/report/"


# -- the queue's order -----------------------------------------------------------------------


def test_the_queue_sorts_by_what_people_triage_by_and_remembers_it(
    client, it_admin, hospital, his, nurse
):
    from hisops.tickets.selectors import ticket_list

    now = timezone.now()
    slow = ticket_create(actor=it_admin, hospital=hospital, title="咨询", item=his, level_code="4",
                         reported_at=now - timedelta(minutes=5), backdate_reason="补录")  # fmt: skip
    urgent = ticket_create(actor=it_admin, hospital=hospital, title="瘫痪", item=his, level_code="1",
                           reported_at=now - timedelta(minutes=10), backdate_reason="补录")  # fmt: skip
    none = ticket_create(actor=it_admin, hospital=hospital, title="无计时")
    order = {
        sort: [t.number for t in ticket_list(user=it_admin, sort=sort)]
        for sort in ("due", "level", "reported")
    }
    assert order["due"] == [urgent.number, slow.number, none.number]  # no running clock: last
    assert order["level"][:2] == [urgent.number, slow.number]
    assert order["reported"] == [none.number, slow.number, urgent.number]
    client.force_login(it_admin)
    page = client.get("/tickets/").content.decode()  # IT's default: the nearest due clock
    assert page.index(urgent.number) < page.index(slow.number) < page.index(none.number)
    client.get("/tickets/", {"sort": "reported"})
    it_admin.refresh_from_db()
    assert it_admin.preferences["queue_sort"] == "reported"
    page = client.get("/tickets/").content.decode()  # kept for this person
    assert page.index(none.number) < page.index(slow.number) < page.index(urgent.number)
    assert '<option value="reported" selected' in page


def test_the_on_site_page_shows_the_call_back_number_and_the_reports_photo(
    client, hospital, his, make_user, it_admin
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    nurse = make_user(Role.CLINICIAN)
    photo = SimpleUploadedFile(
        "screen.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"
    )
    ticket = ticket_create(actor=nurse, hospital=hospital, title="打印卡死", item=his, impact="person_down",
                           phone="13800001111", attachments=[photo])  # fmt: skip
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    ticket = ticket_accept(actor=engineer, ticket=ticket)
    ticket_dispatch(actor=it_admin, ticket=ticket, engineer=engineer)
    client.force_login(engineer)
    page = client.get(f"/tickets/{ticket.number}/onsite/").content.decode()
    assert 'data-testid="callback"' in page and "tel:13800001111" in page
    from hisops.audit.models import AuditEvent

    # the vendor engineer reads patient data whole: an audit event, as any such read
    assert AuditEvent.objects.filter(
        action="tickets.ticket.read", actor=engineer, object_id=str(ticket.pk)
    ).exists()
    assert 'data-testid="report-photos"' in page
    other = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)  # not sent there: masked
    client.force_login(other)
    page = client.get(f"/tickets/{ticket.number}/onsite/").content.decode()
    assert "13800001111" not in page


def test_the_resolution_records_the_maintenance_type(client, it_admin, reported, vendor_engineer):
    ticket = ticket_accept(actor=vendor_engineer, ticket=reported)
    with pytest.raises(ValidationError):
        ticket_resolve(
            actor=vendor_engineer, ticket=ticket, resolution="x", maintenance_type="magic"
        )
    ticket = ticket_resolve(actor=vendor_engineer, ticket=ticket, resolution="按新医保政策调整接口",
                            maintenance_type="adaptive")  # fmt: skip
    assert ticket.maintenance_type == "adaptive"
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'data-testid="maintenance-type"' in page
