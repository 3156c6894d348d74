"""Quotas count real events: each incident on a covered item uses the database contract's
remote-fault cap (一年不超过15次), an emergency visit its on-site cap; a cancelled ticket
gives its use back; beyond a cap the ticket is served and flagged billable; a minimum
(每月巡检) not met when its period ends is a shortfall."""

from datetime import date

import pytest
from django.utils import timezone

from hisops.contracts.models import Contract, QuotaUse
from hisops.contracts.selectors import quota_report
from hisops.contracts.services import quota_shortfalls_notify
from hisops.core.capabilities import Role
from hisops.notify.models import Notification
from hisops.tickets.services import (
    ticket_accept,
    ticket_cancel,
    ticket_create,
    ticket_dispatch,
    ticket_merge,
)

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_item(hospital):
    return covered_system(hospital, code="DB-HIS", contract="SA-1", template="seed002-database")


def test_remote_faults_warn_at_12_and_the_16th_is_flagged_billable(
    django_capture_on_commit_callbacks, it_admin, hospital, db_item, client
):
    contract = Contract.objects.get(number="SA-1")
    with django_capture_on_commit_callbacks(execute=True):
        tickets = [
            ticket_create(
                actor=it_admin,
                hospital=hospital,
                title=f"数据库故障{n}",
                item=db_item,
                level_code="3",
            )
            for n in range(1, 17)
        ]
    year = contract.years.get(number=1)
    remote = next(
        r
        for r in quota_report(contract, year=year, today=timezone.localdate())
        if r.quota.code == "remote-fault"
    )
    assert (remote.current.used, remote.current.state, remote.over) == (16, "exceeded", 1)
    assert [u.over for u in remote.uses][-2:] == [False, True]
    titles = list(Notification.objects.filter(kind="quota_warning").values_list("title", flat=True))
    assert (
        len(titles) == 3
        and any("(12/15)" in t for t in titles)
        and any("(15/15)" in t for t in titles)
    )
    client.force_login(it_admin)
    page = client.get(f"/tickets/{tickets[-1].number}/").content.decode()
    assert 'data-testid="quota-use"' in page and "16" in page and "alert-danger" in page
    detail = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'data-testid="quota-over"' in detail


def test_a_cancelled_or_merged_ticket_gives_its_use_back(it_admin, hospital, db_item):
    first = ticket_create(
        actor=it_admin, hospital=hospital, title="故障", item=db_item, level_code="3"
    )
    second = ticket_create(
        actor=it_admin, hospital=hospital, title="重复报修", item=db_item, level_code="3"
    )
    third = ticket_create(
        actor=it_admin, hospital=hospital, title="误报", item=db_item, level_code="3"
    )
    assert QuotaUse.objects.count() == 3
    ticket_merge(actor=it_admin, ticket=second, into=first)
    ticket_cancel(actor=it_admin, ticket=third, reason="误报")
    assert list(QuotaUse.objects.values_list("object_repr", flat=True)) == [first.number]


def test_an_emergency_visit_uses_the_on_site_quota_once(it_admin, hospital, db_item, make_user):
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=db_item.vendor)
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="数据库宕机", item=db_item, level_code="1"
    )
    ticket = ticket_accept(actor=engineer, ticket=ticket)
    ticket_dispatch(actor=it_admin, ticket=ticket, engineer=engineer)
    uses = QuotaUse.objects.filter(quota__code="onsite-emergency")
    assert [u.object_repr for u in uses] == [ticket.number]
    calm = ticket_create(
        actor=it_admin, hospital=hospital, title="慢查询", item=db_item, level_code="3"
    )
    ticket_dispatch(
        actor=it_admin, ticket=ticket_accept(actor=engineer, ticket=calm), engineer=engineer
    )
    assert uses.count() == 1  # not an emergency


def test_a_month_without_its_inspection_is_a_shortfall_and_is_told_once(hospital, it_admin):
    covered_system(hospital, code="MNIS", contract="MN-1", template="seed001-mobile-nursing")
    contract = Contract.objects.get(number="MN-1")
    year = contract.years.get(number=1)
    report = quota_report(contract, year=year, today=date(2026, 3, 15))
    monthly = report[0]
    assert [p.state for p in monthly.periods] == ["shortfall", "shortfall", "open"]
    assert monthly.quota.words.startswith("至少 1")
    told = quota_shortfalls_notify(today=date(2026, 3, 1))  # February ended yesterday
    again = quota_shortfalls_notify(today=date(2026, 3, 1))
    assert (told, again) == (1, 0)
    assert "2026-02-01" in Notification.objects.get(kind="quota_shortfall").title


def test_the_quotas_api_gives_used_limit_state_and_uses(api, it_admin, hospital, db_item):
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="故障", item=db_item, level_code="3"
    )
    contract = Contract.objects.get(number="SA-1")
    body = (
        api(it_admin)
        .get(f"/api/v1/contracts/{contract.pk}/quotas/", {"year": timezone.localdate().year})
        .json()
    )
    remote = next(q for q in body if q["code"] == "remote-fault")
    assert (remote["kind"], remote["period"], remote["limit"], remote["used"], remote["state"]) == (
        "cap",
        "year",
        15,
        1,
        "ok",
    )
    assert remote["uses"][0]["object"] == ticket.number
    quarterly = next(q for q in body if q["code"] == "inspection")
    assert quarterly["kind"] == "minimum" and quarterly["period"] == "quarter"
    assert (
        api(it_admin)
        .get(f"/api/v1/contracts/{contract.pk}/quotas/", {"year": "twenty"})
        .status_code
        == 400
    )
    assert (
        api(it_admin).get(f"/api/v1/contracts/{contract.pk}/quotas/", {"year": 2031}).json() == []
    )


def test_a_quota_period_is_a_calendar_month_or_quarter_inside_the_contract_year():
    from hisops.contracts.models import ContractYear, Quota
    from hisops.contracts.quotas import period_of, periods

    year = ContractYear(number=1, starts_on=date(2026, 7, 15), ends_on=date(2027, 7, 14))
    monthly, quarterly, yearly = (
        Quota(period="month"),
        Quota(period="quarter"),
        Quota(period="year"),
    )
    assert period_of(monthly, year, date(2027, 2, 10)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert period_of(quarterly, year, date(2026, 8, 1)) == (date(2026, 7, 15), date(2026, 9, 30))
    assert period_of(yearly, year, date(2026, 12, 31)) == (year.starts_on, year.ends_on)
    assert len(periods(monthly, year)) == 13 and len(periods(quarterly, year)) == 5
    assert periods(monthly, year)[-1] == (date(2027, 7, 1), date(2027, 7, 14))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "maximum"}, "kind"),
        ({"period": "week"}, "period"),
        ({"counts": "phone_call"}, "counts"),
        ({"limit": 0}, "limit"),
        ({"period": "month", "limit": 2, "days_each": 15}, "days_each"),  # 30 working days a month
    ],
)
def test_a_quota_the_period_cannot_hold_is_refused_and_nothing_changes(
    api, it_admin, db_item, fields, field
):
    contract = Contract.objects.get(number="SA-1")
    before = list(contract.quotas.values_list("code", "kind", "period", "limit"))
    body = {"code": "inspection", "name": "巡检", "limit": 1, **fields}
    answer = api(it_admin).post(f"/api/v1/contracts/{contract.pk}/quotas/", body, format="json")
    assert answer.status_code == 400 and field in answer.json()["fields"]
    assert list(contract.quotas.values_list("code", "kind", "period", "limit")) == before


def test_a_quota_is_set_over_the_api(api, it_admin, db_item):
    contract = Contract.objects.get(number="SA-1")
    answer = api(it_admin).post(f"/api/v1/contracts/{contract.pk}/quotas/", {
        "code": "training", "name": "维护培训", "kind": "minimum", "period": "year", "limit": 2, "days_each": 2,
    }, format="json")  # fmt: skip
    assert answer.status_code == 200
    assert any(q["code"] == "training" and q["state"] == "open" for q in answer.json())
