import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.catalog.models import Item
from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.monitoring.services import payloads_pending
from hisops.tickets.models import Ticket
from hisops.tickets.services import ticket_assign

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_sets_up_an_intake_address_and_an_alert_opens_an_incident(open_page, live_server):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.get_by_role("button", name="更多").click()
    page.get_by_role("link", name="监控", exact=True).click()
    hook_form = page.get_by_test_id("hook-form")
    hook_form.locator("select[name=kind]").select_option("alertmanager")
    hook_form.locator("input[name=name]").fill("Prometheus 生产")
    hook_form.get_by_role("button").click()
    address = page.get_by_test_id("hooks").locator(".font-monospace").first.inner_text()
    assert "/hooks/alertmanager/" in address
    rule_form = page.get_by_test_id("rule-form")
    rule_form.locator("input[name=pattern]").fill("his-db-*")
    rule_form.locator("select[name=item]").select_option(str(Item.objects.get(code="HIS").pk))
    rule_form.locator("select[name=level_critical]").select_option("2")  # a form, not JSON
    rule_form.get_by_role("button").click()
    expect(page.get_by_test_id("rules")).to_contain_text("his-db-*")
    expect(page.get_by_test_id("rules")).to_contain_text("严重 → 二级故障")
    # The setup text is on the page, and a test alert says what would happen, storing nothing.
    page.get_by_test_id("setup-alertmanager").locator("summary").click()
    expect(page.get_by_test_id("setup-alertmanager")).to_contain_text("webhook_configs")
    try_form = page.get_by_test_id("try-form")
    try_form.locator("input[name=value]").fill("his-db-01")
    try_form.get_by_role("button").click()
    expect(page.get_by_test_id("trial")).to_contain_text("级别 二级故障")
    assert not Ticket.objects.filter(channel="monitoring").exists()

    body = {"version": "4", "status": "firing", "receiver": "hisops", "alerts": [{
        "status": "firing", "labels": {"alertname": "OracleDown", "instance": "his-db-01", "severity": "critical"},
        "annotations": {"summary": "HIS 数据库无法连接"}, "startsAt": "2026-11-22T01:00:00Z",
        "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "abc"}]}  # fmt: skip
    path = address[address.index("/hooks/") :]
    request = urllib.request.Request(live_server.url + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")  # fmt: skip
    with urllib.request.urlopen(request) as response:
        assert response.status == 202
    payloads_pending()
    page.reload()
    alerts = page.get_by_test_id("alerts")
    expect(alerts).to_contain_text("OracleDown")
    ticket = Ticket.objects.get(channel="monitoring")
    assert ticket.item == Item.objects.get(code="HIS") and ticket.level.code == "2"
    alerts.get_by_role("link", name=ticket.number).click()
    expect(page.get_by_test_id("status")).to_have_text("新建")
    screenshot(page, "alert-incident")


def test_the_bell_shows_a_new_assignment(open_page):
    load_demo()
    admin, engineer = User.objects.get(username="itadmin"), User.objects.get(username="engineer")
    ticket = Ticket.objects.get(title="移动护理PDA扫码无反应")
    from hisops.notify.models import Notification

    unread = Notification.objects.filter(
        recipient=engineer, read_at__isnull=True
    ).count()  # the demo's own
    ticket_assign(actor=admin, ticket=ticket, assignee=engineer)
    page = open_page(width=390, height=844)
    login(page, "engineer", data.PASSWORD)
    page.locator(".navbar-toggler").click()
    expect(page.get_by_test_id("bell-count")).to_have_text(str(unread + 1))
    open_bell(page)
    expect(page.get_by_test_id("notifications")).to_contain_text(ticket.number)
    screenshot(page, "bell-assignment")


def test_the_engineer_on_duty_acknowledges_an_escalation_from_the_bell(open_page):
    from datetime import timedelta

    from django.utils import timezone

    from hisops.accounts.models import Team
    from hisops.oncall.models import Escalation, Shift
    from hisops.oncall.services import escalation_start

    load_demo()  # with its rota and chain: on-duty engineer → vendor PM → IT director
    engineer = User.objects.get(username="engineer")
    team = Team.objects.get(name="信息科运维组")
    now = timezone.now()
    Shift.objects.filter(team=team).delete()  # whoever the rota has on now, make it the engineer
    Shift.objects.create(hospital=team.hospital, team=team, person=engineer, starts_at=now - timedelta(hours=1),
                         ends_at=now + timedelta(hours=7))  # fmt: skip
    escalation_start(
        hospital=team.hospital, event="sla_breach", key="sla:demo", title="INC-2026-000001 响应超时"
    )
    page = open_page(width=390, height=844)
    login(page, "engineer", data.PASSWORD)
    page.locator(".navbar-toggler").click()
    open_bell(page)
    page.get_by_test_id("notifications").get_by_text("响应超时").click()
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("acknowledged")).to_contain_text(str(engineer))
    assert Escalation.objects.get(key="sla:demo").acknowledged_by == engineer
    screenshot(page, "escalation-acknowledged")


def open_bell(page):
    """Click the bell in the phone menu once the menu has finished opening (a click during
    Bootstrap's collapse animation can land on nothing), and wait for the list."""
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_test_id("bell").click()
    page.wait_for_url("**/notifications/")
