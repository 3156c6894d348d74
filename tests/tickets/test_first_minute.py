"""Clocks from the first minute: a covered item's ticket has a level and its clocks at
once, from the reporter's impact answer or the contract's default; when there is no
clock, the page says the true reason."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from hisops.contracts.models import Contract
from hisops.contracts.services import contract_level_map_set, impact_map_default
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import ValidationError
from hisops.monitoring.services import hook_create, payloads_pending, rule_create
from hisops.tickets.models import Ticket
from hisops.tickets.selectors import no_clock_reason
from hisops.tickets.services import ticket_create

from ..conftest import covered_system
from ..factories import ContractFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("impact", "level", "major"),
    [
        ("department_down", "1", True),
        ("person_down", "2", False),
        ("workaround", "3", False),
        ("question", "4", False),
        ("", "3", False),  # no answer: the contract's default level
    ],
)
def test_a_clinicians_report_gets_the_level_its_impact_answer_maps_to(
    make_user, hospital, his, impact, level, major
):
    nurse = make_user(Role.CLINICIAN)
    ticket = ticket_create(
        actor=nurse, hospital=hospital, title="打印卡死", item=his, impact=impact
    )
    assert ticket.level.code == level and ticket.major is major
    assert ticket.impact == impact
    assert {c.target for c in ticket.clocks.all()} == {"response", "initial_solution"}


def test_level_2_response_is_due_30_minutes_after_the_report(make_user, hospital, his):
    ticket = ticket_create(
        actor=make_user(Role.CLINICIAN),
        hospital=hospital,
        title="x",
        item=his,
        impact="person_down",
    )
    response = ticket.clocks.get(target="response")
    # the calendar maths keeps whole seconds
    assert response.due_at == (ticket.reported_at + timedelta(minutes=30)).replace(microsecond=0)


def test_a_chosen_level_wins_over_the_impact_answer(it_admin, hospital, his):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his,
                           impact="question", level_code="2")  # fmt: skip
    assert ticket.level.code == "2"


def test_an_unknown_impact_is_refused_and_nothing_is_written(it_admin, hospital, his):
    with pytest.raises(ValidationError) as refused:
        ticket_create(actor=it_admin, hospital=hospital, title="x", item=his, impact="everything")
    assert "impact" in refused.value.fields
    assert not Ticket.objects.exists()


def test_the_default_mapping_follows_the_levels_order():
    class L:
        def __init__(self, code, system=False):
            self.code, self.system_level = code, system

    a_to_e = [L("A", True), L("B", True), L("C"), L("D"), L("E")]
    mapping, default = impact_map_default(a_to_e)
    assert {k: v.code for k, v in mapping.items()} == {
        "department_down": "A", "person_down": "C", "workaround": "D", "question": "E",
    }  # fmt: skip
    assert default.code == "D"
    two = [L("general"), L("complex")]
    mapping, default = impact_map_default(two)
    assert mapping["department_down"].code == "general" and default.code == "complex"
    assert impact_map_default([]) == ({}, None)


def test_the_contract_says_where_each_answer_lands_and_that_is_audited(it_admin, hospital, his):
    from hisops.audit.models import AuditEvent

    contract = Contract.objects.get(number="HT-1")
    contract_level_map_set(
        actor=it_admin, contract=contract, default_level="4",
        impacts={"department_down": "1", "person_down": "1", "workaround": "2", "question": "4"},
    )  # fmt: skip
    nurse = it_admin  # anyone who reports
    assert (
        ticket_create(
            actor=nurse, hospital=hospital, title="x", item=his, impact="person_down"
        ).level.code
        == "1"
    )
    assert ticket_create(actor=nurse, hospital=hospital, title="y", item=his).level.code == "4"
    event = AuditEvent.objects.get(action="contracts.contract.level_map")
    assert event.changes["default_level"] == ["3", "4"]


def test_a_level_map_naming_a_level_the_contract_lacks_changes_nothing(it_admin, hospital, his):
    contract = Contract.objects.get(number="HT-1")
    with pytest.raises(ValidationError) as refused:
        contract_level_map_set(actor=it_admin, contract=contract, default_level="9",
                               impacts={"question": "X", "nonsense": "1"})  # fmt: skip
    assert set(refused.value.fields) == {"default_level", "question", "nonsense"}
    contract.refresh_from_db()
    assert contract.default_level.code == "3"


def test_an_alert_without_a_level_rule_opens_at_the_default_level(client, hospital, his):
    zabbix = hook_create(actor=SYSTEM, hospital=hospital, kind="zabbix")
    rule_create(actor=SYSTEM, hospital=hospital, label="host", pattern="HIS-DB01", item=his)
    problem = {"event_id": "1", "status": "PROBLEM", "severity": "High", "host": "HIS-DB01",
               "name": "Oracle 表空间使用率 > 90%", "time": "2026.11.22 09:15:02"}  # fmt: skip
    client.post(zabbix.path, data=problem, content_type="application/json")
    payloads_pending()
    ticket = Ticket.objects.get()
    assert ticket.level.code == "3" and ticket.clocks.exists()


# -- the true reason when there is no clock ------------------------------------------


def reason(ticket) -> str:
    with translation.override("en"):
        return no_clock_reason(ticket)


def test_no_item_says_it_with_it(it_admin, hospital):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x")
    assert "system is not known" in reason(ticket)


def test_an_uncovered_item_says_no_contract_covers_it(it_admin, hospital):
    item = ItemFactory(hospital=hospital, name="体检系统")
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=item)
    assert reason(ticket) == "No clocks: no contract covers 体检系统."


def test_an_expired_contract_says_it_had_ended(it_admin, hospital):
    item = ItemFactory(hospital=hospital, name="老系统")
    ContractFactory(
        hospital=hospital, items=[item], starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31)
    )
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=item)
    assert "had ended" in reason(ticket)


def test_a_contract_without_levels_says_so(it_admin, hospital):
    item = covered_system(
        hospital, code="EMRX", contract="HT-9", template="seed004-emr-service-items"
    )
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=item)
    assert "has no fault levels" in reason(ticket)


def test_a_level_without_times_says_so(it_admin, hospital):
    item = covered_system(hospital, code="AE", contract="HT-8", template="seed000-a-to-e")
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=item)
    assert ticket.level.code == "D" and "has no time limits" in reason(ticket)


def test_no_level_and_no_default_says_so(it_admin, hospital, his):
    contract = Contract.objects.get(number="HT-1")
    contract_level_map_set(actor=it_admin, contract=contract, default_level="", impacts={})
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x", item=his)
    assert (
        reason(ticket) == "No clocks: no level was chosen and contract HT-1 has no default level."
    )


def test_the_ticket_page_shows_the_reason(client, it_admin, hospital):
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="x")
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the system is not known" in page
    assert "not under a contract level" not in page


def test_the_level_map_over_the_api_and_on_the_contract_page(api, client, it_admin, his):
    contract = Contract.objects.get(number="HT-1")
    detail = api(it_admin).get(f"/api/v1/contracts/{contract.pk}/").json()
    assert detail["default_level"] == "3"
    assert {lv["code"]: lv["impacts"] for lv in detail["levels"]}["1"] == ["department_down"]
    answer = api(it_admin).put(
        f"/api/v1/contracts/{contract.pk}/level-map/",
        {"default_level": "2", "impacts": {"question": "3"}}, format="json",
    )  # fmt: skip
    assert answer.status_code == 200 and answer.json()["default_level"] == "2"
    refused = api(it_admin).put(f"/api/v1/contracts/{contract.pk}/level-map/",
                                {"default_level": "9", "impacts": {}}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "default_level" in refused.json()["fields"]
    client.force_login(it_admin)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'data-testid="level-map"' in page
    client.post(
        f"/contracts/{contract.pk}/level-map/", {"default_level": "4", "department_down": "1"}
    )
    contract.refresh_from_db()
    assert contract.default_level.code == "4"
    assert contract.levels.get(code="1").impacts == ["department_down"]
