"""No raw code on a page a person reads: after a working day on the demo hospital (a
report, corrections, a contested wait, a level map, rules, imports), the timeline, the
audit page and the desk's pages under zh-hans carry no action code, snake_case field
name or Python literal; and every action code the source audits has words."""

import html
import re
from pathlib import Path

import pytest
from django.test import Client

from hisops.accounts.models import User
from hisops.audit.words import action_words
from hisops.catalog.models import Item
from hisops.contracts.models import Contract
from hisops.contracts.services import contract_level_map_set
from hisops.demo.loader import load_demo
from hisops.monitoring.services import hook_create, rule_create
from hisops.tickets.services import (
    ticket_accept,
    ticket_contest,
    ticket_correct,
    ticket_create,
    ticket_pause,
)
from hisops.tickets.timeline import EVENT_WORDS

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[1] / "src" / "hisops"
HIDDEN = re.compile(r"<(script|style|pre|code)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
RAW = {
    "action code": re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b"),
    "snake_case name": re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),
    "Python literal": re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\{'|\['|\{\"|\[\""),
}


def visible_text(page: str) -> str:
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", page)))


def raw_codes(page: str) -> dict[str, list[str]]:
    text = visible_text(page)
    return {what: found for what, pattern in RAW.items() if (found := pattern.findall(text))}


@pytest.fixture
def day(db):
    load_demo()
    people = {u.username: u for u in User.objects.all()}
    it, nurse, vendor = people["itadmin"], people["nurse"], people["vendoreng"]
    his14 = Item.objects.get(code="HIS-14")
    lis = Item.objects.get(code="LIS")
    ticket = ticket_create(
        actor=nurse, hospital=it.hospital, title="护士站打印卡死", impact="person_down"
    )
    ticket = ticket_correct(
        actor=it, ticket=ticket, item=his14, title="住院护士站打印卡死", reason="电话核实"
    )
    ticket = ticket_accept(actor=vendor, ticket=ticket)
    ticket = ticket_pause(
        actor=vendor, ticket=ticket, reason="waiting_hospital", note="请提供打印机型号"
    )
    ticket = ticket_contest(actor=nurse, ticket=ticket, note="型号已写在描述里")
    ticket_correct(actor=it, ticket=ticket, item=lis, reason="实为检验报告打印")
    contract = Contract.objects.filter(levels__isnull=False).first()
    contract_level_map_set(actor=it, contract=contract, default_level=contract.levels.last().code,
                           impacts={"department_down": contract.levels.first().code})  # fmt: skip
    hook_create(actor=it, hospital=it.hospital, kind="zabbix")
    rule_create(
        actor=it,
        hospital=it.hospital,
        label="host",
        pattern="HIS-*",
        item=his14,
        levels={"high": "2"},
    )
    return people, ticket


def get(user, path: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_the_ticket_page_and_the_desk_speak_in_words(day):
    people, ticket = day
    for user, path in [
        (people["itadmin"], f"/tickets/{ticket.number}/"),
        (people["itadmin"], "/tickets/"),
        (people["itadmin"], "/monitoring/"),
        (people["nurse"], "/tickets/report/"),
        (people["nurse"], f"/tickets/{ticket.number}/"),
    ]:
        assert raw_codes(get(user, path)) == {}, path


def test_the_audit_page_speaks_in_words(day):
    people, _ticket = day
    page = get(people["auditor"], "/audit/")
    assert raw_codes(page) == {}
    assert "更正了工单" in page and "电话核实" in page
    # The security admin reviews the audit admins' own actions: the same words.
    assert raw_codes(get(people["secadmin"], "/audit/")) == {}


def test_every_audited_action_code_has_words():
    codes = set()
    for path in SRC.rglob("*.py"):
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+(?:\.[a-z_]+)?)"', path.read_text()))
    codes |= {f"tickets.ticket.{a}" for a in EVENT_WORDS}
    assert len(codes) > 50
    missing = {
        c: action_words(c)
        for c in codes
        if RAW["snake_case name"].search(action_words(c))
        or action_words(c) in {c, "an action"}
        or "." in action_words(c)
    }
    assert missing == {}


def test_the_audit_page_filters_and_exports_what_it_shows(day):
    from io import BytesIO

    from openpyxl import load_workbook

    people, ticket = day
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(people["auditor"])
    page = client.get(
        "/audit/", {"actor": "itadmin", "action": "tickets.ticket.correct"}
    ).content.decode()
    table = page.split('data-testid="audit-events"')[1]
    assert table.count("更正了工单") == 2 and "受理" not in visible_text(table)
    assert f'href="/tickets/{ticket.number}/"' not in page  # the auditor may not open tickets
    none = client.get("/audit/", {"since": "2020-01-01", "until": "2020-01-02"}).content.decode()
    assert "暂无事件" in none or "No events" in none
    response = client.get(
        "/audit/", {"actor": "itadmin", "action": "tickets.ticket.correct", "format": "xlsx"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows[0]) == 9
    assert len(rows) == 3 and all(r[3] == "更正了工单" for r in rows[1:])
    assert any("配置项" in (r[5] or "") for r in rows[1:])
