"""On-call duty: rotas, who is on duty, swaps, handovers, and escalation chains that walk
until someone acknowledges (started by SLA breaches and major incidents)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hisops.accounts.models import Team
from hisops.accounts.services import team_create
from hisops.audit.models import AuditEvent
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.notify.models import Notification
from hisops.oncall.models import Escalation, Shift
from hisops.oncall.services import (
    chain_create,
    escalation_acknowledge,
    escalation_start,
    escalations_due,
    handover_acknowledge,
    handover_create,
    on_duty,
    rotation_generate,
    shift_swap,
)
from hisops.tickets.services import sla_sweep, ticket_create

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def crew(make_user, hospital):
    zhang, li, wang = (make_user(Role.IT_ENGINEER, username=n) for n in ("zhang", "li", "wang"))
    team = team_create(
        actor=SYSTEM, hospital=hospital, name="信息科值班组", members=[zhang, li, wang]
    )
    return team, zhang, li, wang


def test_a_day_night_rota_takes_turns_and_answers_who_is_on_duty(crew):
    team, zhang, li, wang = crew
    shifts = rotation_generate(
        actor=SYSTEM, team=team, people=[zhang, li, wang], first_day=date(2026, 12, 1), days=2
    )
    assert len(shifts) == 4 and [s.person for s in shifts] == [zhang, li, wang, zhang]
    assert on_duty(team=team, at=datetime(2026, 12, 1, 9, 0, tzinfo=CN)) == [zhang]
    assert on_duty(team=team, at=datetime(2026, 12, 2, 3, 0, tzinfo=CN)) == [li]  # the first night
    assert on_duty(team=team, at=datetime(2026, 12, 2, 20, 0, tzinfo=CN)) == [zhang]


def test_rota_refuses_strangers_and_creates_nothing(crew, make_user):
    team, zhang, *_ = crew
    with pytest.raises(ValidationError):
        rotation_generate(
            actor=SYSTEM,
            team=team,
            people=[zhang, make_user(Role.IT_ENGINEER)],
            first_day=date(2026, 12, 1),
            days=3,
        )
    assert not Shift.objects.exists()


def test_a_swap_keeps_who_it_was_for(crew):
    team, zhang, li, _wang = crew
    (shift, *_rest) = rotation_generate(
        actor=SYSTEM, team=team, people=[zhang], first_day=date(2026, 12, 1), days=1
    )
    shift_swap(actor=SYSTEM, shift=shift, person=li, reason="家中有事")
    shift.refresh_from_db()
    assert shift.person == li and shift.swapped_from == zhang
    assert AuditEvent.objects.filter(action="oncall.shift.swap").exists()


def test_handover_is_acknowledged_by_the_incoming_person_only(crew):
    team, zhang, li, wang = crew
    handover = handover_create(actor=zhang, team=team, incoming=li, notes="PACS 存储 85%，夜间关注")
    with pytest.raises(PermissionDenied):
        handover_acknowledge(actor=wang, handover=handover)
    assert handover_acknowledge(actor=li, handover=handover).acknowledged_at is not None


@pytest.fixture
def chain(crew, make_user, hospital):
    team, *_ = crew
    director = make_user(Role.IT_ADMIN, username="director")
    chain_create(actor=SYSTEM, hospital=hospital, name="SLA 升级", events=["sla_breach", "major_incident"], steps=[
        {"team": team, "wait_minutes": 10}, {"role": "vendor_manager", "wait_minutes": 15}, {"person": director, "wait_minutes": 15},
    ])  # fmt: skip
    return director


def test_the_chain_walks_until_acknowledged(crew, chain, hospital, make_user, his):
    team, zhang, li, _wang = crew
    director = chain
    pm = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    now = timezone.now()
    Shift.objects.create(
        hospital=hospital,
        team=team,
        person=zhang,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    (escalation,) = escalation_start(
        hospital=hospital, event="sla_breach", key="sla:1", title="INC-1 响应超时", now=now
    )
    assert (
        escalation_start(hospital=hospital, event="sla_breach", key="sla:1", title="again", now=now)
        == []
    )  # once
    assert Notification.objects.filter(kind="escalation", recipient=zhang).count() == 1
    assert escalations_due(now=now + timedelta(minutes=5)) == 0  # still within step 1's wait
    assert escalations_due(now=now + timedelta(minutes=11)) == 1
    assert Notification.objects.filter(kind="escalation", recipient=pm).exists()
    with pytest.raises(PermissionDenied):
        escalation_acknowledge(actor=li, escalation=escalation)  # not reached by it
    escalation_acknowledge(actor=pm, escalation=escalation)
    assert escalations_due(now=now + timedelta(hours=1)) == 0
    assert not Notification.objects.filter(recipient=director, kind="escalation").exists()
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == pm and escalation.step == 2


def test_an_unanswered_chain_reaches_the_director_and_then_stops(crew, chain, hospital):
    director = chain
    now = timezone.now()
    (escalation,) = escalation_start(
        hospital=hospital, event="major_incident", key="major:1", title="HIS 瘫痪", now=now
    )
    for minutes in (11, 27, 43, 60):
        escalations_due(now=now + timedelta(minutes=minutes))
    escalation.refresh_from_db()
    assert (
        escalation.exhausted
        and Notification.objects.filter(recipient=director, kind="escalation").count() == 1
    )


def test_an_sla_breach_starts_the_chain(crew, chain, hospital, his, it_admin):
    team, zhang, *_ = crew
    now = timezone.now()
    Shift.objects.create(
        hospital=hospital,
        team=team,
        person=zhang,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="HIS 无法登录", item=his, level_code="2"
    )
    sla_sweep(now=now + timedelta(minutes=31))
    escalation = Escalation.objects.get()
    assert ticket.number in escalation.title and escalation.notified.filter(pk=zhang.pk).exists()


def test_pages(client, crew, chain, hospital, it_admin):
    team, zhang, li, _wang = crew
    client.force_login(it_admin)
    response = client.post("/oncall/", {"form": "rotation", "team": team.pk, "people": [zhang.pk, li.pk],
                                        "first_day": "2026-12-01", "days": "3", "pattern": "day_night"})  # fmt: skip
    assert response.status_code == 302 and Shift.objects.filter(team=team).count() == 6
    assert "信息科值班组" in client.get("/oncall/").content.decode()
    assert "SLA 升级" in client.get("/oncall/chains/").content.decode()
    client.force_login(zhang)
    client.post("/oncall/mine/", {"team": team.pk, "incoming": li.pk, "notes": "无遗留问题"})
    client.force_login(li)
    page = client.get("/oncall/mine/").content.decode()
    assert "无遗留问题" in page


def test_the_roster_marks_statutory_holiday_duty(client, crew, it_admin):
    from django.utils import timezone

    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.services import calendar_override_set, shipped_calendars_ensure

    team, zhang, li, _wang = crew
    shipped_calendars_ensure()
    tomorrow = timezone.localdate() + timedelta(days=1)
    calendar_override_set(actor=SYSTEM, calendar=BusinessCalendar.objects.get(code="cn-workday"), date=tomorrow,
                          kind="holiday", name="测试假日")  # fmt: skip
    rotation_generate(
        actor=SYSTEM, team=team, people=[zhang, li], first_day=timezone.localdate(), days=3
    )
    client.force_login(it_admin)
    page = client.get("/oncall/").content.decode()
    assert (
        page.count('data-testid="holiday"') == 2 and "测试假日" in page
    )  # tomorrow's day and night shifts


def test_shifts_and_handovers_stay_within_the_team(crew, make_user):
    from hisops.oncall.services import shift_create

    team, zhang, li, _wang = crew
    stranger = make_user(Role.IT_ENGINEER, username="stranger")
    start = timezone.now()
    with pytest.raises(ValidationError) as exc:
        shift_create(
            actor=SYSTEM,
            team=team,
            person=stranger,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
        )
    assert "person" in exc.value.fields
    with pytest.raises(ValidationError) as exc:
        shift_create(actor=SYSTEM, team=team, person=zhang, starts_at=start, ends_at=start)
    assert "ends_at" in exc.value.fields
    with pytest.raises(PermissionDenied):
        handover_create(actor=stranger, team=team, incoming=li, notes="无")
    with pytest.raises(ValidationError):
        handover_create(actor=zhang, team=team, incoming=zhang, notes="无")
    assert not Shift.objects.exists()


def test_vendor_staff_see_no_other_vendors_team(client, crew, hospital, his, lis, make_user):
    ours = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    theirs = make_user(Role.VENDOR_ENGINEER, vendor=lis.vendor)
    team_create(
        actor=SYSTEM, hospital=hospital, name="HIS驻场组", vendor=his.vendor, members=[ours]
    )
    team_create(
        actor=SYSTEM, hospital=hospital, name="LIS驻场组", vendor=lis.vendor, members=[theirs]
    )
    from hisops.oncall.selectors import teams

    assert {t.name for t in teams(user=ours)} == {"信息科值班组", "HIS驻场组"}
    client.force_login(ours)
    assert "LIS驻场组" not in client.get("/tickets/").content.decode()
    assert "LIS驻场组" not in client.get("/oncall/").content.decode()
    assert (
        client.get("/oncall/", {"team": Team.objects.get(name="LIS驻场组").pk}).status_code == 200
    )
    assert (
        "LIS驻场组"
        not in client.get(
            "/oncall/", {"team": Team.objects.get(name="LIS驻场组").pk}
        ).content.decode()
    )
