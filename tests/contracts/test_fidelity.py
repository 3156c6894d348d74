"""Contract fidelity: every number in the tenders acts. 立即响应 is an immediate target
with a grace the contract states; a service item's own response time starts a clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hisops.calendars.models import BusinessCalendar
from hisops.contracts.models import Contract, SLATarget
from hisops.contracts.services import sla_target_set
from hisops.core.capabilities import Role
from hisops.core.errors import ValidationError
from hisops.tickets.services import ticket_create

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


def test_a_level_1_ticket_is_not_breached_when_it_is_created(it_admin, hospital, his):
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="HIS瘫痪", item=his, level_code="1"
    )
    response = ticket.clocks.get(target="response")
    assert response.immediate and not response.breached
    assert response.due_at == (ticket.reported_at + timedelta(minutes=15)).replace(microsecond=0)


def test_the_contract_states_what_immediately_means(it_admin, hospital, his):
    level = Contract.objects.get(number="HT-1").levels.get(code="1")
    seven = BusinessCalendar.objects.get(code="7x24")
    sla_target_set(actor=it_admin, level=level, target="response", duration=10, unit="minutes",
                   calendar=seven, immediate=True)  # fmt: skip
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="1")
    assert ticket.clocks.get(target="response").duration_minutes == 10


@pytest.mark.parametrize(
    ("duration", "unit", "immediate"),
    [
        (0, "minutes", True),
        (-5, "minutes", True),
        (121, "minutes", True),
        (1, "hours", True),
        (0, "minutes", False),
    ],
)
def test_an_absurd_target_is_refused_and_nothing_changes(it_admin, his, duration, unit, immediate):
    level = Contract.objects.get(number="HT-1").levels.get(code="1")
    seven = BusinessCalendar.objects.get(code="7x24")
    with pytest.raises(ValidationError) as refused:
        sla_target_set(actor=it_admin, level=level, target="response", duration=duration, unit=unit,
                       calendar=seven, immediate=immediate)  # fmt: skip
    assert "duration" in refused.value.fields
    cell = SLATarget.objects.get(level=level, target="response")
    assert (cell.duration, cell.immediate) == (15, True)


def test_the_api_shows_an_immediate_target_and_clock(api, it_admin, hospital, his):
    contract = Contract.objects.get(number="HT-1")
    body = api(it_admin).get(f"/api/v1/contracts/{contract.pk}/").json()
    level_1 = next(lv for lv in body["levels"] if lv["code"] == "1")
    assert {
        "target": "response",
        "immediate": True,
        "duration": 15,
        "unit": "minutes",
        "calendar": "7x24",
    } in level_1["targets"]
    created = (
        api(it_admin)
        .post("/api/v1/tickets/", {"title": "x", "item": his.pk, "level": "1"}, format="json")
        .json()
    )
    response = next(c for c in created["clocks"] if c["target"] == "response")
    assert response["immediate"] is True and response["breached"] is False


@pytest.fixture
def emr(hospital):
    return covered_system(
        hospital, code="EMR", contract="EMR-1", template="seed004-emr-service-items"
    )


def test_a_service_items_response_time_starts_the_clock(it_admin, hospital, emr):
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="病历模板咨询", item=emr, service_item="consult"
    )
    clock = ticket.clocks.get()
    assert (clock.target, clock.calendar.code) == ("response", "7x24")
    assert clock.due_at == (ticket.reported_at + timedelta(hours=1)).replace(microsecond=0)
    special = ticket_create(
        actor=it_admin, hospital=hospital, title="数据库灾难", item=emr, service_item="special"
    )
    assert special.clocks.get().immediate


def test_a_service_item_of_another_contract_is_refused(it_admin, hospital, emr, his):
    from hisops.tickets.models import Ticket

    with pytest.raises(ValidationError) as refused:
        ticket_create(
            actor=it_admin, hospital=hospital, title="x", item=his, service_item="consult"
        )
    assert "service_item" in refused.value.fields
    assert not Ticket.objects.exists()


def test_zero_minute_targets_become_immediate(it_admin, hospital, his):
    """contracts 0009: the old 0-minute 立即响应 becomes immediate with 15 minutes' grace."""
    from importlib import import_module

    from django.apps import apps

    level = Contract.objects.get(number="HT-1").levels.get(code="1")
    SLATarget.objects.filter(level=level, target="response").update(duration=0, immediate=False)
    import_module("hisops.contracts.migrations.0009_zero_minute_targets_are_immediate").forwards(
        apps, None
    )
    cell = SLATarget.objects.get(level=level, target="response")
    assert (cell.duration, cell.unit, cell.immediate) == (15, "minutes", True)


def test_the_cmdb_lists_the_items_no_contract_covers(api, client, it_admin, hospital, his):
    from datetime import date

    from ..factories import ContractFactory, ItemFactory

    module = ItemFactory(hospital=hospital, code="HIS-01", parent=his)  # covered through its system
    gap = ItemFactory(hospital=hospital, code="GAP", name="体检系统")
    old = ItemFactory(hospital=hospital, code="OLD")
    ContractFactory(
        hospital=hospital, items=[old], starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31)
    )
    body = api(it_admin).get("/api/v1/catalog/items/", {"covered": "false"}).json()
    codes = {row["code"] for row in body["results"]}
    assert codes == {"GAP", "OLD"}
    covered = {
        row["code"]
        for row in api(it_admin)
        .get("/api/v1/catalog/items/", {"covered": "true"})
        .json()["results"]
    }
    assert covered == {"HIS", module.code}
    client.force_login(it_admin)
    page = client.get("/catalog/", {"covered": "false"}).content.decode()
    assert (
        gap.name in page and his.name not in page.split('data-testid="items"')[-1]
        if 'data-testid="items"' in page
        else gap.name in page
    )
    listing = client.get("/contracts/").content.decode()
    assert 'data-testid="uncovered"' in listing and "?covered=false" in listing


def test_the_demo_covers_its_interfaces_and_every_seed_contract(db):
    from hisops.catalog.models import Item
    from hisops.demo.loader import load_demo
    from hisops.tickets.services import ticket_create

    load_demo()
    admin = __import__("hisops.accounts.models", fromlist=["User"]).User.objects.get(
        username="itadmin"
    )
    for code, contract in (
        ("IF-05", "KL-HIS-2026"),
        ("IF-HC-EMR", "KL-PLAT-2026"),
        ("KIOSK", "ZY-SW-2026"),
        ("EMR-F03", "WR-EMR-2026"),
    ):
        ticket = ticket_create(
            actor=admin,
            hospital=admin.hospital,
            title=f"{code} 故障",
            item=Item.objects.get(code=code),
        )
        assert ticket.contract.number == contract, code
    interface = ticket_create(actor=admin, hospital=admin.hospital, title="接口中断", item=Item.objects.get(code="IF-HC-EMR"),
                              impact="department_down")  # fmt: skip
    assert interface.level.code == "IF-U" and interface.clocks.filter(target="response").exists()
    zy = Contract.objects.get(number="ZY-SW-2026")
    assert zy.levels.get(code="A").targets.get(target="response").immediate and "本院" in zy.notes


def test_seed_003_carries_its_mttr_goal_and_goals_are_validated(api, it_admin, hospital):
    from hisops.contracts.services import contract_kpi_target_set

    covered_system(hospital, code="HC", contract="PLAT-1", template="seed003-platform")
    contract = Contract.objects.get(number="PLAT-1")
    body = api(it_admin).get(f"/api/v1/contracts/{contract.pk}/").json()
    assert body["kpi_targets"] == [{"key": "mttr_minutes", "target": 120.0}]
    answer = api(it_admin).post(f"/api/v1/contracts/{contract.pk}/kpi-targets/",
                                {"key": "response_met_rate", "target": "0.95"}, format="json")  # fmt: skip
    assert answer.status_code == 200
    assert {"key": "response_met_rate", "target": 0.95} in answer.json()["kpi_targets"]
    for key, target in (("response_met_rate", 1.5), ("satisfaction_avg", 0), ("uptime", 1)):
        with pytest.raises(ValidationError):
            contract_kpi_target_set(actor=it_admin, contract=contract, key=key, target=target)
    assert contract.kpi_targets.count() == 2


def test_seed_001_has_its_eleven_service_items_and_channels(it_admin, hospital):
    covered_system(hospital, code="MNIS", contract="MN-1", template="seed001-mobile-nursing")
    contract = Contract.objects.get(number="MN-1")
    names = [i.name for i in contract.service_items.all()]
    assert len(names) == 11 and "系统软件安装" in names and "功能模块修改或增加" in names
    assert "不收取接口费" in contract.service_items.get(code="interface").description
    assert {"im", "hotline"} <= set(
        contract.response_channels
    ) and "7天24小时" in contract.onsite_hours


def test_travel_time_does_not_count_against_the_on_site_clock_where_the_contract_says_so(
    it_admin, hospital, make_user, client
):
    from hisops.contracts.services import sla_target_set
    from hisops.tickets.models import Ticket
    from hisops.tickets.services import ticket_accept, ticket_arrive, ticket_depart, ticket_dispatch

    item = covered_system(hospital, code="DB", contract="SA-9", template="seed002-database")
    contract = Contract.objects.get(number="SA-9")
    assert contract.travel_excluded  # 到达现场时间均不含路途占用时间
    level = contract.levels.get(code="2")
    sla_target_set(actor=it_admin, level=level, target="onsite", duration=2, unit="hours",
                   calendar=BusinessCalendar.objects.get(code="7x24"))  # fmt: skip
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=item.vendor)
    now = timezone.now()
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="库宕机", item=item, level_code="2",
                           reported_at=now - timedelta(hours=3), backdate_reason="补录")  # fmt: skip
    ticket = ticket_accept(actor=engineer, ticket=ticket, at=None)
    ticket = ticket_dispatch(
        actor=it_admin, ticket=ticket, engineer=engineer, at=now - timedelta(hours=2, minutes=50)
    )
    ticket = ticket_depart(actor=it_admin, ticket=ticket, at=now - timedelta(hours=2, minutes=30))
    with pytest.raises(ValidationError):  # once
        ticket_depart(actor=it_admin, ticket=ticket)
    ticket = ticket_arrive(actor=it_admin, ticket=ticket, at=now - timedelta(minutes=30))
    onsite = Ticket.objects.get(pk=ticket.pk).clocks.get(target="onsite")
    # Arrived 2h30 after the report, of which 2h were the journey: 30 minutes, in time.
    assert onsite.paused_minutes == 120 and not onsite.breached
    visit = ticket.visits.get()
    assert visit.travel_minutes == 120
    client.force_login(it_admin)
    assert 'data-testid="travel"' in client.get(f"/tickets/{ticket.number}/").content.decode()
    sheet = client.get(f"/tickets/{ticket.number}/sheet/").content.decode()
    assert "120" in sheet


def test_without_the_clause_the_journey_counts(it_admin, hospital, his, make_user):
    from hisops.tickets.models import Ticket
    from hisops.tickets.services import ticket_accept, ticket_arrive, ticket_depart, ticket_dispatch

    contract = Contract.objects.get(number="HT-1")
    Contract.objects.filter(pk=contract.pk).update(travel_excluded=False)
    level = contract.levels.get(code="2")
    sla_target_set(actor=it_admin, level=level, target="onsite", duration=2, unit="hours",
                   calendar=BusinessCalendar.objects.get(code="7x24"))  # fmt: skip
    now = timezone.now()
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, level_code="2",
                           reported_at=now - timedelta(hours=3), backdate_reason="补录")  # fmt: skip
    ticket = ticket_dispatch(actor=it_admin, ticket=ticket_accept(actor=it_admin, ticket=ticket))
    ticket = ticket_depart(actor=it_admin, ticket=ticket)
    ticket_arrive(actor=it_admin, ticket=ticket)
    onsite = Ticket.objects.get(pk=ticket.pk).clocks.get(target="onsite")
    assert onsite.paused_minutes == 0 and onsite.breached
