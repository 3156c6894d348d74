"""The contract acting, clicked through: a resident engineer checks in on a phone; the
contract page's quota panel shows a billable use and a month's missing inspection."""

from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.catalog.models import Item
from hisops.contracts.models import Attendance, Contract
from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.tickets.services import ticket_create

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
SH = ZoneInfo("Asia/Shanghai")


def test_a_resident_engineer_checks_in_on_a_phone(open_page):
    load_demo()
    engineer = User.objects.get(username="vendoreng")
    page = open_page(width=390, height=844)
    login(page, "vendoreng", data.PASSWORD)
    page.goto("/contracts/attendance/")
    expect(page.get_by_test_id("attendance-page")).to_contain_text("KL-PLAT-2026")
    page.get_by_test_id("attendance-in").click()
    alert = page.get_by_role("alert").first
    if Attendance.objects.filter(person=engineer).exists():  # a working hour of a working day
        expect(page.get_by_test_id("attendance-today")).to_be_visible()
        page.get_by_test_id("attendance-out").click()
        expect(page.get_by_test_id("attendance-month")).to_contain_text(
            timezone.localdate().strftime("%m-%d")
        )
    else:  # the run fell outside the hospital's hours: refused, in words, nothing written
        expect(alert).to_contain_text("不在医院的驻场作息时间内")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-attendance")


def test_the_quota_panel_shows_billable_uses_and_shortfalls(open_page):
    load_demo()
    admin = User.objects.get(username="itadmin")
    database = Item.objects.get(code="DB-HIS-PRI")
    for n in range(16):
        ticket_create(
            actor=admin,
            hospital=admin.hospital,
            title=f"数据库报障{n}",
            item=database,
            level_code="3",
        )
    contract = Contract.objects.get(number="SA-DB-2026")
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto(f"/contracts/{contract.pk}/")
    remote = page.get_by_test_id("quotas").locator("[data-quota='remote-fault']")
    expect(remote).to_have_attribute("data-state", "exceeded")
    expect(remote).to_contain_text("至多 15 次/合同年")
    expect(page.get_by_test_id("quota-over")).to_contain_text("另行计费")
    expect(page.get_by_test_id("certificates")).to_contain_text("无人持有")
    nursing = Contract.objects.get(number="KL-MNIS-2026")
    page.goto(f"/contracts/{nursing.pk}/")
    monthly = page.get_by_test_id("quotas").locator("[data-quota='inspection']")
    expect(monthly.get_by_test_id("quota-shortfall")).to_contain_text(
        "2026-01-01"
    )  # no inspection yet
    screenshot(page, "contract-quotas")
