"""Each KPI on a fixture whose answer is worked out by hand, on the real service desk."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hisops.calendars import periods
from hisops.contracts.services import contract_kpi_target_set
from hisops.core.capabilities import Role
from hisops.core.errors import NotFound, PermissionDenied, ValidationError
from hisops.evaluations.selectors import kpi_report, kpi_subject
from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
SEPTEMBER = periods.parse("2026-09")


def at(day, hour=10, minute=0):
    return datetime(2026, 9, day, hour, minute, tzinfo=SH)


def report(actor, item, reported_at, level="2", kind="incident"):
    return ticket_create(
        actor=actor, hospital=item.hospital, title="门诊收费打印异常", item=item, level_code=level,
        kind=kind, reported_at=reported_at, backdate_reason="补录电话报修",
    )  # fmt: skip


def move(actor, ticket, action, when, **fields):
    return ticket_transition(
        actor=actor,
        ticket=ticket,
        data=TransitionInput(action=action, at=when, reason="补录", **fields),
    )


def resolve(actor, ticket, when):
    if ticket.status == "new":
        ticket = move(actor, ticket, "accept", ticket.reported_at + timedelta(minutes=5))
    return move(
        actor, ticket, "resolve", when, resolution="更换打印驱动", cause_category="software"
    )


def figures(user, **subject):
    return kpi_report(
        user=user, period=SEPTEMBER, subject=kpi_subject(user=user, **subject)
    ).figures


def test_ten_level_2_tickets_with_one_late_response_make_ninety_percent(it_admin, his):
    for n in range(10):
        ticket = report(it_admin, his, at(n + 1))
        move(it_admin, ticket, "accept", at(n + 1, 10, 45 if n == 3 else 10))  # 30 minutes allowed
    result = figures(it_admin)
    response = result["response_met_rate"]
    assert (response.value, response.numerator, response.denominator) == (0.9, 9, 10)
    assert response.breakdown["by_level"]["2"] == {"decided": 10, "on_time": 9, "rate": 0.9}
    # The ten initial solutions were due within 2 hours and none came: ten more breaches.
    assert result["initial_solution_met_rate"].value == 0.0
    assert result["breaches"].value == 11
    assert result["breaches"].breakdown["by_level"] == {"2": 11}


def test_a_clock_still_running_is_not_counted_either_way(it_admin, his):
    ticket = report(it_admin, his, at(1))
    move(it_admin, ticket, "accept", at(1, 10, 5))
    result = kpi_report(user=it_admin, period=SEPTEMBER, subject=kpi_subject(user=it_admin),
                        now=at(1, 10, 30))  # fmt: skip
    assert result["response_met_rate"].denominator == 1
    assert result["initial_solution_met_rate"].value is None  # due at 12:00, not yet decided


def test_mttr_of_60_120_and_240_minutes_is_140_and_misses_a_two_hour_goal(it_admin, his):
    for minutes in (60, 120, 240):
        ticket = report(it_admin, his, at(7))
        resolve(it_admin, ticket, at(7) + timedelta(minutes=minutes))
    request = report(it_admin, his, at(8), kind="request")  # a request is not a repair
    resolve(it_admin, request, at(8) + timedelta(minutes=600))
    contract = his.tickets.first().contract
    contract_kpi_target_set(actor=it_admin, contract=contract, key="mttr_minutes", target=120)
    result = kpi_report(
        user=it_admin, period=SEPTEMBER, subject=kpi_subject(user=it_admin, contract=contract.pk)
    )
    assert result["mttr_minutes"].value == 140
    assert result["mttr_median_minutes"].value == 120
    assert result["tickets_resolved"].value == 4
    [goal] = result.targets
    assert (goal.key, goal.target, goal.value, goal.met) == ("mttr_minutes", 120, 140, False)


def test_a_ticket_resolved_in_the_next_month_counts_there(it_admin, his):
    ticket = report(it_admin, his, at(30, 23))
    resolve(it_admin, ticket, datetime(2026, 10, 1, 1, 0, tzinfo=SH))
    assert figures(it_admin)["tickets_resolved"].value == 0
    assert figures(it_admin)["backlog_open"].value == 1
    october = kpi_report(
        user=it_admin, period=periods.parse("2026-10"), subject=kpi_subject(user=it_admin)
    )
    assert october["mttr_minutes"].value == 120
    assert october["backlog_open"].value == 0


def test_month_bounds_are_the_hospitals_midnight_not_utc(it_admin, his):
    # 2026-09-01 07:30 Shanghai is still 2026-08-31 in UTC: it belongs to September here.
    report(it_admin, his, datetime(2026, 9, 1, 7, 30, tzinfo=SH))
    report(it_admin, his, datetime(2026, 8, 31, 23, 30, tzinfo=SH))
    assert figures(it_admin)["tickets_reported"].value == 1


def test_satisfaction_reopen_and_first_contact(it_admin, his):
    scores = [5, 4, 3]
    for n, score in enumerate(scores):
        ticket = resolve(it_admin, report(it_admin, his, at(10 + n)), at(10 + n, 11))
        ticket = move(it_admin, ticket, "confirm", at(10 + n, 12))
        move(it_admin, ticket, "followup", at(10 + n, 13), satisfaction=score)
    reopened = resolve(it_admin, report(it_admin, his, at(14)), at(14, 11))
    reopened = move(it_admin, reopened, "reopen", at(14, 12), note="仍然无法打印")
    resolve(it_admin, reopened, at(14, 15))
    result = figures(it_admin)
    assert result["satisfaction_avg"].value == 4.0
    assert result["satisfaction_count"].value == 3
    assert result["satisfaction_avg"].breakdown["by_score"] == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert (result["reopen_rate"].numerator, result["reopen_rate"].denominator) == (1, 4)
    assert result["reopen_rate"].value == 0.25
    assert result["first_contact_resolution_rate"].value == 0.75


def test_availability_from_a_major_incident(it_admin, his):
    # Level 1 is system-level in this contract: HIS down for 3 hours of a 30-day month.
    ticket = report(it_admin, his, at(15, 8), level="1")
    resolve(it_admin, ticket, at(15, 11))
    result = figures(it_admin)["availability"]
    assert result.breakdown["by_system"]["HIS"]["downtime_minutes"] == 180
    assert result.value == round(1 - 180 / (30 * 24 * 60), 4)


def test_a_vendor_sees_only_its_own_figures(make_user, it_admin, his, lis):
    report(it_admin, his, at(2))
    report(it_admin, lis, at(2))
    his_manager = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    assert figures(his_manager)["tickets_reported"].value == 1
    assert figures(it_admin)["tickets_reported"].value == 2
    lis_contract = lis.tickets.first().contract
    with pytest.raises(NotFound):
        kpi_subject(user=his_manager, contract=lis_contract.pk)
    with pytest.raises(NotFound):
        kpi_report(
            user=his_manager,
            period=SEPTEMBER,
            subject=kpi_subject(user=it_admin, vendor=lis.vendor.pk),
        )


def test_a_clinician_has_no_kpis(make_user):
    with pytest.raises(PermissionDenied):
        kpi_subject(user=make_user(Role.CLINICIAN))


@pytest.mark.parametrize("text", ["2027Q5", "2027-13", "27", "", "2027-W60", "下个月"])
def test_a_period_that_does_not_parse_is_refused_with_the_forms_it_takes(text):
    with pytest.raises(ValidationError) as refused:
        periods.parse(text)
    assert "2027Q1" in refused.value.fields["period"][0]


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2027", "2027-01-01", "2027-12-31"), ("2027Q1", "2027-01-01", "2027-03-31"),
    ("2027H2", "2027-07-01", "2027-12-31"), ("2027-02", "2027-02-01", "2027-02-28"),
    ("2028-02", "2028-02-01", "2028-02-29"), ("2026-W53", "2026-12-28", "2027-01-03"),
])  # fmt: skip
def test_periods_parse_to_their_days(text, start, end):
    period = periods.parse(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.key) == (start, end, text)


def test_the_api_answers_the_same_figures_by_key(api, it_admin, his, lis, make_user):
    for n in range(4):
        ticket = report(it_admin, his, at(n + 1))
        move(it_admin, ticket, "accept", at(n + 1, 10, 45 if n == 0 else 10))
    contract = his.tickets.first().contract
    answer = api(it_admin).get("/api/v1/kpis/", {"contract": contract.pk, "period": "2026-09"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (
        body["period"] == "2026-09"
        and body["start"] == "2026-09-01"
        and body["end"] == "2026-09-30"
    )
    assert body["kpis"]["response_met_rate"] == 0.75
    assert body["details"]["response_met_rate"]["denominator"] == 4
    assert body["kpis"]["tickets_reported"] == 4
    assert body["subject"]["contract"] == contract.pk
    only = (
        api(it_admin)
        .get("/api/v1/kpis/", {"period": "2026Q3", "keys": "mttr_minutes,breaches"})
        .json()
    )
    assert set(only["kpis"]) == {"mttr_minutes", "breaches"}


def test_the_api_refuses_bad_input_by_field(api, it_admin, his, lis, make_user):
    client = api(it_admin)
    bad = client.get("/api/v1/kpis/", {"period": "2026Q9"})
    assert bad.status_code == 400 and "period" in bad.json()["fields"]
    bad = client.get("/api/v1/kpis/", {"period": "2026", "keys": "speed"})
    assert bad.status_code == 400 and "keys" in bad.json()["fields"]
    lis_contract = lis.vendor.contracts.get()
    vendor = api(make_user(Role.VENDOR_MANAGER, vendor=his.vendor))
    assert (
        vendor.get("/api/v1/kpis/", {"period": "2026", "contract": lis_contract.pk}).status_code
        == 404
    )
    assert (
        api(make_user(Role.CLINICIAN)).get("/api/v1/kpis/", {"period": "2026"}).status_code == 403
    )


def test_problems_changes_and_alerts_of_the_month(it_admin, his, lis):
    """Two problems on HIS this month, one closed with a conclusion; changes finished this
    month: one released, one rolled back, one failed (and one on LIS); three alerts on HIS,
    two of which opened incidents."""
    from django.utils import timezone

    from hisops.changes.models import Change
    from hisops.monitoring.models import Alert, Hook, Payload
    from hisops.problems.services import problem_create, problem_update

    now = timezone.now()
    month = periods.containing("month", timezone.localdate())
    first = problem_create(actor=it_admin, hospital=his.hospital, title="打印驱动冲突", item=his)
    problem_create(actor=it_admin, hospital=his.hospital, title="医保接口偶发超时", item=his)
    problem_update(actor=it_admin, problem=first, status="closed", conclusion="升级驱动后未再发生")
    for n, (status, item) in enumerate(
        (("released", his), ("rolled_back", his), ("failed", his), ("released", lis))
    ):
        change = Change.objects.create(hospital=his.hospital, number=f"CHG-T-{n}", title="升级", kind="upgrade",
                                       status=status, vendor=item.vendor, finished_at=now)  # fmt: skip
        change.items.set([item])
    hook = Hook.objects.create(
        hospital=his.hospital, kind="generic", name="测试", token_digest="x" * 64
    )
    payload = Payload.objects.create(hospital=his.hospital, hook=hook, body="{}")
    incident = ticket_create(
        actor=it_admin, hospital=his.hospital, title="HIS 告警", item=his, level_code="3"
    )
    for n in range(3):
        Alert.objects.create(hospital=his.hospital, source="generic", key=f"k{n}", status="firing", name="CPU",
                             starts_at=now, payload=payload, item=his, ticket=incident if n < 2 else None)  # fmt: skip
    result = kpi_report(
        user=it_admin, period=month, subject=kpi_subject(user=it_admin, item=his.pk)
    )
    assert result["problems_opened"].value == 2
    closed = result["problems_closed_with_conclusion"]
    assert (closed.value, closed.denominator) == (1, 1)
    changes = (
        result["changes_released"].value,
        result["changes_rolled_back"].value,
        result["changes_failed"].value,
    )
    assert changes == (1, 1, 1)  # LIS's release is not HIS's
    assert (result["alerts"].value, result["alerts_to_incidents_rate"].value) == (
        3,
        round(2 / 3, 4),
    )
    team = kpi_report(
        user=it_admin, period=month, subject=kpi_subject(user=it_admin, person=it_admin.pk)
    )
    assert team["problems_opened"].value == 0  # a person has tickets, not problems


def test_backlog_age_and_a_contracts_quota_use(it_admin, his):
    """Two tickets open at the end of September, reported 10 and 4 days before it; the
    contract's on-site quota used twice in September."""
    report(it_admin, his, datetime(2026, 9, 21, 0, 0, tzinfo=SH))
    report(it_admin, his, datetime(2026, 9, 27, 0, 0, tzinfo=SH))
    result = figures(it_admin)
    assert result["backlog_open"].value == 2
    assert result["backlog_age_days"].value == 7.0  # (10 + 4) / 2, at 1 October 00:00
    assert result["backlog_open"].breakdown["oldest_days"] == 10.0
    from hisops.contracts.models import QuotaUse
    from tests.conftest import covered_system

    database = covered_system(
        his.hospital, code="DB-HIS", contract="HT-DB", template="seed002-database"
    )
    contract = database.vendor.contracts.get()
    quota = contract.quotas.get(code="remote-fault")  # seed 002: 15 remote faults a year
    year = contract.years.get(number=1)
    for day in (3, 17):
        QuotaUse.objects.create(hospital=his.hospital, quota=quota, year=year, object_type="test", object_id=str(day),
                                used_on=date(2026, 9, day))  # fmt: skip
    uses = figures(it_admin, contract=contract.pk)["quota_use"]
    assert uses.value == 2 and uses.breakdown["by_quota"]["remote-fault"] == {
        "name": quota.name,
        "kind": quota.kind,
        "period": quota.period,
        "limit": 15,
        "used": 2,
    }


def test_duties_done_count_the_periods_that_ended(it_admin, his):
    """Seed 002's database contract asks one inspection a quarter: done in Q1 and Q3, not
    in Q2 → 2 of 3 for the three quarters ended in the first nine months."""
    from hisops.contracts.models import QuotaUse
    from tests.conftest import covered_system

    database = covered_system(
        his.hospital, code="DB-HIS", contract="HT-DB", template="seed002-database"
    )
    contract = database.vendor.contracts.get()
    quota, year = contract.quotas.get(code="inspection"), contract.years.get(number=1)
    for day in (date(2026, 2, 10), date(2026, 8, 20)):
        QuotaUse.objects.create(hospital=his.hospital, quota=quota, year=year, object_type="test", object_id=str(day),
                                used_on=day)  # fmt: skip
    nine_months = periods.Period("span", date(2026, 1, 1), date(2026, 9, 30))
    result = kpi_report(
        user=it_admin, period=nine_months, subject=kpi_subject(user=it_admin, contract=contract.pk)
    )
    duties = result["obligations_met_rate"]
    assert (duties.value, duties.numerator, duties.denominator) == (round(2 / 3, 4), 2, 3)
    assert duties.breakdown["by_kind"]["quota"]["missed"] == ["季度巡检（现场或远程） 2026Q2"]
