"""Drills, trainings and meetings planned and proven; the data-quality loop against a real
PostgreSQL; obligations per period with the missed ones, told once on the first working
day after."""

from datetime import date
from decimal import Decimal

import psycopg
import pytest
from django.utils import timezone

from hisops.calendars.models import BusinessCalendar
from hisops.calendars.services import calendars_reference_load
from hisops.checks.services import data_source_create
from hisops.contracts.models import Contract
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import ValidationError
from hisops.inspections import selectors, services
from hisops.notify.models import Notification

from ..conftest import covered_system
from .test_inspections import read_all

pytestmark = pytest.mark.django_db
PG = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def platform(hospital):
    calendars_reference_load()
    return covered_system(hospital, code="PLAT", contract="PT-1", template="seed003-platform")


@pytest.fixture
def failovers(platform):
    """Seed 003: 每月不少于一次集成平台消息引擎主备切换演练."""
    return services.activity_plan_create(
        actor=SYSTEM, hospital=platform.hospital, name="消息引擎主备切换演练", kind="drill", subkind="failover",
        cadence="monthly", calendar=BusinessCalendar.objects.get(code="cn-workday"),
        contract=Contract.objects.get(number="PT-1"), items=[platform],
    )  # fmt: skip


def test_a_monthly_drill_plan_gives_twelve_drills_on_working_days(failovers):
    created, missing = services.activity_plan_generate(actor=SYSTEM, plan=failovers, year=2026)
    assert len(created) == 12 and not missing
    assert created[1].planned_on == date(
        2026, 2, 28
    )  # a 调休 Saturday is the month's last working day
    assert created[0].number.startswith("ACT-2026-")
    again, _missing = services.activity_plan_generate(actor=SYSTEM, plan=failovers, year=2026)
    assert again == []


def test_a_drill_records_rto_attendees_and_action_items(failovers, make_user):
    drill = services.activity_plan_generate(actor=SYSTEM, plan=failovers, year=2026)[0][0]
    engineer = make_user(Role.IT_ENGINEER)
    with pytest.raises(ValidationError) as refused:
        services.activity_record(actor=engineer, activity=drill, done_on=date(2026, 1, 30), duration_minutes=40,
                                 attendees={"it": 2, "nurses": 3}, outcome="切换成功")  # fmt: skip
    assert {"attendees", "rto_minutes"} <= set(refused.value.fields)
    drill.refresh_from_db()
    assert drill.status == "planned"
    services.activity_record(actor=engineer, activity=drill, done_on=date(2026, 1, 30), duration_minutes=40,
                             attendees={"it": 2, "vendor": 3}, outcome="切换成功，消息无丢失", rto_minutes=6,
                             rpo_minutes=0, minutes="1. 主节点停机\n2. 备节点接管")  # fmt: skip
    drill.refresh_from_db()
    assert (
        drill.status == "done"
        and drill.rto_minutes == 6
        and drill.attendees == {"it": 2, "vendor": 3}
    )
    ticket = services.activity_action_item(
        actor=engineer, activity=drill, text="补充切换脚本的告警通知"
    )
    assert ticket.kind == "request" and drill.number in ticket.title
    training = services.activity_create(actor=engineer, hospital=drill.hospital, kind="training", subkind="new_feature",
                                        title="新版医嘱系统培训", planned_on=date(2026, 3, 3))  # fmt: skip
    with pytest.raises(ValidationError):
        services.activity_record(actor=engineer, activity=training, done_on=date(2026, 3, 3), duration_minutes=60,
                                 attendees={"clinical": 30}, outcome="培训完成", rto_minutes=5)  # fmt: skip


def test_obligations_show_a_missed_drill_month_and_tell_it_once(failovers, platform, make_user):
    admin = make_user(Role.IT_ADMIN, username="itadmin")
    drills = services.activity_plan_generate(actor=SYSTEM, plan=failovers, year=2026)[0]
    for drill in drills[:2]:  # January and February done, March not
        services.activity_record(actor=admin, activity=drill, done_on=drill.planned_on, duration_minutes=30,
                                 attendees={"it": 1, "vendor": 2}, outcome="正常", rto_minutes=5)  # fmt: skip
    contract = Contract.objects.get(number="PT-1")
    duties = selectors.obligation_list(
        user=admin, contract=contract, year=2026, today=date(2026, 4, 15)
    )
    drill_duty = next(d for d in duties if d.kind == "drill")
    assert drill_duty.missed_periods == ["2026-03"]
    assert (drill_duty.required, drill_duty.done) == (12, 2)
    april = next(p for p in drill_duty.periods if p.label == "2026-04")
    assert not april.missed  # still running
    assert (
        services.obligations_missed_notify(today=date(2026, 4, 4)) == 0
    )  # a Saturday: told on Tuesday
    told = services.obligations_missed_notify(today=date(2026, 4, 7))
    assert told >= 1
    notice = Notification.objects.get(recipient=admin, kind="obligation_missed")
    assert "2026-03" in notice.title and "PT-1" in notice.title
    assert services.obligations_missed_notify(today=date(2026, 4, 8)) == 0


def test_obligations_count_signed_inspections_by_period(platform, make_user):
    from .test_inspections import png

    admin = make_user(Role.IT_ADMIN, username="itadmin")
    template = services.inspection_templates_install(actor=SYSTEM, hospital=platform.hospital)[0]
    plan = services.inspection_plan_create(actor=SYSTEM, hospital=platform.hospital, name="季度巡检",
                                           contract=Contract.objects.get(number="PT-1"), template=template,
                                           items=[platform], cadence="quarterly",
                                           calendar=BusinessCalendar.objects.get(code="cn-workday"))  # fmt: skip
    q1 = services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026).created[0]
    read_all(q1, admin)
    services.inspection_complete(actor=admin, inspection=q1, summary="正常")
    duties = selectors.obligation_list(
        user=admin, contract=plan.contract, year=2026, today=date(2026, 7, 2)
    )
    duty = next(d for d in duties if d.kind == "inspection")
    assert duty.missed_periods == [
        "2026Q1",
        "2026Q2",
    ]  # completed is not proven: only a signed one counts
    services.inspection_sign(actor=admin, inspection=q1, signer_name="王主任", image=png())
    duties = selectors.obligation_list(
        user=admin, contract=plan.contract, year=2026, today=date(2026, 7, 2)
    )
    assert next(d for d in duties if d.kind == "inspection").missed_periods == ["2026Q2"]


@pytest.fixture
def empi():
    connection = psycopg.connect(PG, autocommit=True, connect_timeout=3)
    connection.execute("CREATE TABLE IF NOT EXISTS hisops_empi_probe (id int, id_card text)")
    connection.execute("DELETE FROM hisops_empi_probe")
    connection.execute("INSERT INTO hisops_empi_probe SELECT n, CASE WHEN n = 1 THEN NULL ELSE 'x' END "
                       "FROM generate_series(1, 10) n")  # fmt: skip
    yield connection
    connection.execute("DROP TABLE hisops_empi_probe")
    connection.close()


def test_a_failing_data_quality_rule_opens_a_finding_and_a_passing_run_closes_it(platform, empi):
    source = data_source_create(
        actor=SYSTEM, hospital=platform.hospital, name="EMPI", engine="postgresql", url=PG
    )
    with pytest.raises(ValidationError):
        services.quality_rule_create(actor=SYSTEM, hospital=platform.hospital, name="x", source=source, item=platform,
                                     query="UPDATE hisops_empi_probe SET id_card = 'y'", expect="<= 0.01")  # fmt: skip
    rule = services.quality_rule_create(
        actor=SYSTEM, hospital=platform.hospital, name="EMPI 记录缺身份证号比例", source=source, item=platform,
        query="SELECT avg(CASE WHEN id_card IS NULL THEN 1.0 ELSE 0 END) FROM hisops_empi_probe", expect="<= 0.01",
    )  # fmt: skip
    failed = services.quality_rule_run(actor=SYSTEM, rule=rule)
    assert not failed.ok and failed.value == Decimal("0.1") and failed.opened is not None
    again = services.quality_rule_run(actor=SYSTEM, rule=rule)
    assert again.opened is None  # one finding while it stays open
    empi.execute("UPDATE hisops_empi_probe SET id_card = 'x'")
    passed = services.quality_rule_run(actor=SYSTEM, rule=rule)
    assert passed.ok and passed.closed == failed.opened
    rule.refresh_from_db()
    assert rule.ticket is None
    # Nobody had taken the finding yet (it is new), so the pass is written on it, not resolved.
    failed.opened.refresh_from_db()
    assert failed.opened.status == "new"
    assert failed.opened.events.filter(action="comment", note__contains="数据质量复测达标").exists()
    [row] = selectors.quality_month(user=SYSTEM, month=timezone.localdate())
    assert row["runs"] == 3 and row["met"] == 1 and row["opened"] == [failed.opened]
