from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from hisops.audit.models import AuditEvent
from hisops.calendars.models import BusinessCalendar
from hisops.calendars.services import (
    calendar_override_set,
    shipped_calendars_ensure,
    statutory_holidays_seed,
)
from hisops.contracts import services as contracts
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

from ..conftest import covered_system
from ..factories import ItemFactory

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=CN)


@pytest.fixture
def his(hospital):
    """HIS under the seed 002 HIS/EMR contract, with the real statutory data loaded."""
    item = covered_system(hospital, code="HIS", contract="HT-1")
    statutory_holidays_seed()
    return item


def clock(ticket, target):
    return ticket.clocks.get(target=target)


def move(ticket, actor, action, when, **fields):
    return ticket_transition(
        actor=actor, ticket=ticket, data=TransitionInput(action=action, at=when, **fields)
    )


def test_level_2_fault_response_due_30_minutes_on_7x24(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="住院护士工作站打印卡死", item=his, level_code="2",
                           reported_at=at(2026, 10, 1, 9, 0), backdate_reason="电话报修后补录")  # fmt: skip
    assert ticket.number == "INC-2026-000001"
    assert ticket.contract.number == "HT-1"
    assert clock(ticket, "response").due_at == at(2026, 10, 1, 9, 30)  # National Day counts on 7×24
    assert clock(ticket, "initial_solution").due_at == at(2026, 10, 1, 11, 0)


def test_level_4_response_counts_working_days_only(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="咨询配置", item=his, level_code="4",
                           reported_at=at(2026, 9, 30, 17, 0), backdate_reason="补录")  # fmt: skip
    # One working day (480 min) from Wednesday 17:00: 60 that day, then National Day is off.
    assert clock(ticket, "response").due_at == at(2026, 10, 8, 17, 0)


def test_a_pause_across_national_day_pushes_the_clock_by_the_paused_business_time(
    it_admin, hospital, his
):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="报表数据不对", item=his, level_code="3",
                           reported_at=at(2026, 9, 30, 9, 0), backdate_reason="补录")  # fmt: skip
    solution = clock(ticket, "initial_solution")  # 1 working day on cn-workday
    assert solution.due_at == at(2026, 10, 8, 9, 0)
    move(ticket, it_admin, "accept", at(2026, 9, 30, 9, 10))
    move(
        ticket,
        it_admin,
        "pause",
        at(2026, 9, 30, 10, 0),
        reason="waiting_hospital",
        note="等科室确认",
    )
    move(ticket, it_admin, "resume", at(2026, 10, 8, 10, 0))
    solution.refresh_from_db()
    # Paused business time: 09-30 10:00-12:00 and 14:00-18:00 (360) + 10-08 08:00-10:00 (120).
    assert solution.paused_minutes == 480
    assert solution.due_at == at(2026, 10, 9, 9, 0)
    response = clock(ticket, "response")
    assert response.met_at == at(2026, 9, 30, 9, 10) and not response.breached


def test_changing_the_level_recomputes_from_the_start_and_is_audited(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="挂号很慢", item=his, level_code="3",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="补录")  # fmt: skip
    move(ticket, it_admin, "accept", at(2026, 3, 2, 9, 20))
    ticket_transition(
        actor=it_admin,
        ticket=ticket,
        data=TransitionInput(action="change_level", level="2", reason="影响门诊挂号，升级"),
    )
    ticket.refresh_from_db()
    assert ticket.level.code == "2"
    response = clock(ticket, "response")
    assert response.due_at == at(2026, 3, 2, 9, 30)  # 30 minutes from the report, not from now
    assert response.met_at == at(2026, 3, 2, 9, 20) and response.breached is False
    assert clock(ticket, "initial_solution").due_at == at(2026, 3, 2, 11, 0)
    assert AuditEvent.objects.filter(action="tickets.ticket.change_level").exists()


def test_a_late_response_is_breached(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="补录")  # fmt: skip
    move(ticket, it_admin, "accept", at(2026, 3, 2, 9, 45))
    assert clock(ticket, "response").breached is True


def test_transitions_follow_the_state_machine(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2")
    with pytest.raises(ValidationError) as err:
        move(ticket, it_admin, "resolve", None, resolution="重启")
    assert err.value.code == "invalid_transition"
    for action, extra in [
        ("accept", {}),
        ("dispatch", {}),
        ("arrive", {}),
        ("propose_solution", {}),
        ("resolve", {"resolution": "更换打印驱动"}),
        ("confirm", {}),
        ("close", {}),
    ]:
        ticket = move(ticket, it_admin, action, None, **extra)
    assert ticket.status == "closed"
    assert list(ticket.events.values_list("action", flat=True)) == [
        "create",
        "accept",
        "dispatch",
        "arrive",
        "propose_solution",
        "resolve",
        "confirm",
        "close",
    ]


def test_reopen_continues_the_resolve_clock(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2")
    move(ticket, it_admin, "accept", None)
    move(ticket, it_admin, "resolve", None, resolution="已处理")
    move(ticket, it_admin, "reopen", None, note="仍然卡死")
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_who_may_do_what(make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    ticket = ticket_create(
        actor=nurse, hospital=hospital, title="护士站无法登录", item=his, level_code="2"
    )
    with pytest.raises(PermissionDenied):
        move(ticket, nurse, "accept", None)
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    move(ticket, engineer, "accept", None)
    move(ticket, engineer, "resolve", None, resolution="已处理")
    other_nurse = make_user(Role.CLINICIAN)
    with pytest.raises(PermissionDenied):
        move(ticket, other_nurse, "confirm", None)
    move(ticket, nurse, "confirm", None)  # the reporter confirms her own ticket


def test_back_dating_is_for_it_staff_with_a_reason(make_user, hospital, his):
    vendor_engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    with pytest.raises(PermissionDenied):
        ticket_create(
            actor=vendor_engineer,
            hospital=hospital,
            title="x",
            item=his,
            level_code="2",
            reported_at=at(2026, 3, 2, 9, 0),
            backdate_reason="补录",
        )
    with pytest.raises(ValidationError) as err:
        ticket_create(
            actor=make_user(Role.IT_ENGINEER),
            hospital=hospital,
            title="x",
            item=his,
            level_code="2",
            reported_at=at(2026, 3, 2, 9, 0),
        )
    assert "reported_at" in err.value.fields


def test_an_uncovered_item_is_allowed_without_levels(it_admin, hospital, his):
    lis = ItemFactory(hospital=hospital, code="LIS")
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="LIS打印异常", item=lis)
    assert ticket.uncovered and not ticket.clocks.exists()
    with pytest.raises(ValidationError):
        ticket_create(actor=it_admin, hospital=hospital, title="x", item=lis, level_code="2")


def test_holiday_data_arriving_recomputes_open_clocks(
    it_admin, hospital, his, django_capture_on_commit_callbacks
):
    cn = BusinessCalendar.objects.get(code="cn-workday")
    level = his.contracts.get().levels.get(code="4")
    contracts.sla_target_set(
        actor=it_admin,
        level=level,
        target="response",
        duration=40,
        unit="working_days",
        calendar=cn,
    )
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="需求评估", item=his, level_code="4"
    )
    response = clock(ticket, "response")
    assert response.due_at.year == 2027 and response.holiday_data_missing is True
    before = response.due_at
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(
            actor=SYSTEM, calendar=cn, date=date(2027, 1, 1), kind="holiday", name="元旦"
        )
    response.refresh_from_db()
    assert response.holiday_data_missing is False
    # New Year's Day no longer counts, so the due time moves one working day later.
    assert response.due_at.date() > before.date()
    assert response.due_at.time() == before.time()


def test_editing_a_contract_target_recomputes_open_tickets(
    it_admin, hospital, his, django_capture_on_commit_callbacks
):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="补录")  # fmt: skip
    level = ticket.level
    with django_capture_on_commit_callbacks(execute=True):
        contracts.sla_target_set(actor=it_admin, level=level, target="response", duration=20, unit="minutes",
                                 calendar=BusinessCalendar.objects.get(code="7x24"))  # fmt: skip
    assert clock(ticket, "response").due_at == at(2026, 3, 2, 9, 20)


CREATE_50 = """
import sys
import django
django.setup()
from hisops.core.capabilities import SYSTEM
from hisops.core.models import Hospital
from hisops.tickets.services import ticket_create
hospital = Hospital.objects.get(pk=int(sys.argv[1]))
for n in range(50):
    print(ticket_create(actor=SYSTEM, hospital=hospital, title=f"并发{n}").number)
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: parallel processes share the database",
)
def test_200_tickets_from_parallel_processes_get_200_distinct_numbers(hospital):
    import os
    import subprocess
    import sys

    shipped_calendars_ensure()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hisops.config.settings",
        # The test database, not the configured one.
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CREATE_50, str(hospital.pk)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    numbers = []
    for process in processes:
        out, _err = process.communicate(timeout=120)
        assert process.returncode == 0
        numbers += out.split()
    assert len(numbers) == 200
    assert len(set(numbers)) == 200
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 201))


def test_numbers_restart_each_year_and_differ_by_kind(it_admin, hospital, his):
    first = ticket_create(
        actor=it_admin,
        hospital=hospital,
        title="a",
        kind="request",
        reported_at=at(2025, 12, 31, 23, 0),
        backdate_reason="补录",
    )
    second = ticket_create(actor=it_admin, hospital=hospital, title="b", kind="request")
    assert first.number == "REQ-2025-000001"
    assert second.number.startswith(f"REQ-{datetime.now(CN).year}-")
    assert ticket_create(actor=it_admin, hospital=hospital, title="c").number.startswith("INC-")
    assert timedelta(0) <= datetime.now(CN) - second.reported_at < timedelta(minutes=1)


def test_a_major_incident_notifies_at_once_and_closes_only_after_review(
    make_user, hospital, his, django_capture_on_commit_callbacks
):
    from hisops.notify.models import Notification

    admin = make_user(Role.IT_ADMIN)
    pm = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    onsite = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(
            actor=admin, hospital=hospital, title="HIS全院无法登录", item=his, level_code="1"
        )
    assert ticket.major
    assert set(
        Notification.objects.filter(kind="major_incident").values_list("recipient", flat=True)
    ) >= {admin.pk, pm.pk, onsite.pk}
    for action, extra in [
        ("accept", {}),
        ("resolve", {"resolution": "切换到备用应用服务器"}),
        ("confirm", {}),
    ]:
        ticket = move(ticket, admin, action, None, **extra)
    with pytest.raises(ValidationError) as err:
        move(ticket, admin, "close", None)
    assert err.value.code == "review_required"
    with pytest.raises(ValidationError) as err:
        move(ticket, admin, "review", None, review_cause="应用服务器内存耗尽")
    assert set(err.value.fields) == {"review_impact", "review_actions"}
    move(
        ticket,
        admin,
        "review",
        None,
        review_cause="应用服务器内存耗尽",
        review_impact="全院门诊挂号中断25分钟",
        review_actions="增加内存监控告警",
    )
    assert move(ticket, admin, "close", None).status == "closed"


def test_raising_a_ticket_to_a_system_level_starts_the_major_incident(
    it_admin, hospital, his, django_capture_on_commit_callbacks
):
    from hisops.notify.models import Notification

    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="挂号慢", item=his, level_code="3"
    )
    assert not Notification.objects.filter(kind="major_incident").exists()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_transition(
            actor=it_admin,
            ticket=ticket,
            data=TransitionInput(action="change_level", level="1", reason="全院挂号中断"),
        )
    assert Notification.objects.filter(kind="major_incident", recipient=it_admin).exists()


def test_comments_go_on_the_timeline(api, make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    ticket = ticket_create(actor=nurse, hospital=hospital, title="x", item=his, level_code="2")
    client = api(make_user(Role.IT_ENGINEER))
    created = client.post(
        f"/api/v1/tickets/{ticket.number}/comments/", {"text": "已联系厂商远程排查"}, format="json"
    )
    assert created.status_code == 201
    assert (
        api(nurse)
        .post(f"/api/v1/tickets/{ticket.number}/comments/", {"text": "仍然无法登录"}, format="json")
        .status_code
        == 201
    )
    texts = [c["text"] for c in client.get(f"/api/v1/tickets/{ticket.number}/comments/").json()]
    assert texts == ["已联系厂商远程排查", "仍然无法登录"]
    assert (
        api(make_user(Role.CLINICIAN))
        .post(f"/api/v1/tickets/{ticket.number}/comments/", {"text": "x"}, format="json")
        .status_code
        == 404
    )


def test_followup_rates_and_closes(make_user, hospital, his):
    nurse = make_user(Role.CLINICIAN)
    ticket = ticket_create(actor=nurse, hospital=hospital, title="x", item=his, level_code="2")
    admin = make_user(Role.IT_ADMIN)
    for action, extra in [("accept", {}), ("resolve", {"resolution": "已处理"}), ("confirm", {})]:
        ticket = move(ticket, admin, action, None, **extra)
    with pytest.raises(ValidationError):
        move(ticket, nurse, "followup", None, satisfaction=7)
    with pytest.raises(PermissionDenied):
        move(ticket, make_user(Role.CLINICIAN), "followup", None, satisfaction=5)
    ticket = move(ticket, nurse, "followup", None, satisfaction=4, note="处理及时")
    assert (ticket.status, ticket.satisfaction, ticket.followup_note) == ("closed", 4, "处理及时")


def test_unconfirmed_resolutions_are_confirmed_after_three_days(it_admin, hospital, his):
    from hisops.tickets.services import tickets_auto_confirm

    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2")
    move(ticket, it_admin, "accept", None)
    ticket = move(ticket, it_admin, "resolve", None, resolution="已处理")
    assert tickets_auto_confirm(now=ticket.resolved_at + timedelta(days=2)) == 0
    assert tickets_auto_confirm(now=ticket.resolved_at + timedelta(days=3, minutes=1)) == 1
    ticket.refresh_from_db()
    assert ticket.status == "confirmed"
    assert ticket.events.last().note == "3 天未确认，系统自动确认。"


def test_assignment_rules(make_user, hospital, his, django_capture_on_commit_callbacks):
    from hisops.notify.models import Notification
    from hisops.tickets.services import ticket_assign

    ticket = ticket_create(
        actor=make_user(Role.IT_ADMIN), hospital=hospital, title="x", item=his, level_code="2"
    )
    pm = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    own = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    foreign = make_user(Role.VENDOR_ENGINEER)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_assign(actor=pm, ticket=ticket, assignee=own)
    assert Notification.objects.filter(recipient=own, kind="ticket_assigned").exists()
    with pytest.raises(ValidationError):
        ticket_assign(actor=make_user(Role.IT_ADMIN), ticket=ticket, assignee=foreign)
    with pytest.raises(PermissionDenied):
        ticket_assign(actor=pm, ticket=ticket, assignee=make_user(Role.IT_ENGINEER))
    with pytest.raises(PermissionDenied):
        ticket_assign(actor=own, ticket=ticket, assignee=own)


def test_the_audit_log_never_keeps_patient_numbers(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="患者110101199003071234无法挂号", item=his, level_code="2",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="家属13812345678来电补录")  # fmt: skip
    event = AuditEvent.objects.get(action="tickets.ticket.create", object_id=str(ticket.pk))
    assert (
        "110101199003071234" not in event.object_repr and "110101********1234" in event.object_repr
    )
    assert "13812345678" not in event.message and "138****5678" in event.message


def test_reopen_only_within_seven_days_of_the_resolution(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="补录")  # fmt: skip
    move(ticket, it_admin, "accept", at(2026, 3, 2, 9, 10))
    move(ticket, it_admin, "resolve", at(2026, 3, 2, 10, 0), resolution="已处理")
    with pytest.raises(ValidationError):
        move(ticket, it_admin, "reopen", at(2026, 3, 10, 10, 1), note="又坏了")
    assert (
        move(ticket, it_admin, "reopen", at(2026, 3, 9, 10, 0), note="又坏了").status
        == "in_progress"
    )


def test_cancel_needs_a_reason_and_times_cannot_precede_the_report(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2",
                           reported_at=at(2026, 3, 2, 9, 0), backdate_reason="补录")  # fmt: skip
    with pytest.raises(ValidationError) as err:
        move(ticket, it_admin, "cancel", None)
    assert "reason" in err.value.fields
    with pytest.raises(ValidationError) as err:
        move(ticket, it_admin, "accept", at(2026, 3, 2, 8, 59))
    assert "at" in err.value.fields
    assert move(ticket, it_admin, "cancel", None, reason="重复报修").status == "cancelled"
