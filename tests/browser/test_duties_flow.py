"""The IT head sees last month's missed switchover drill on the obligations page, opens this
month's drill and records it with its RTO; the duty shows it done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.inspections.models import Activity

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_missed_drill_month_and_recording_this_months_drill(open_page):
    load_demo()
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    this_month = Activity.objects.get(kind="drill", period_start=today.replace(day=1))
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto("/inspections/")
    page.get_by_test_id("obligations-link").click()
    page.get_by_test_id("obligations").get_by_role("link", name="KL-PLAT-2026").click()
    drill = page.get_by_test_id("duty").filter(has_text="集成平台消息引擎主备切换演练")
    if today.month > 1:
        expect(drill.get_by_test_id("missed")).to_contain_text(last_month)
    screenshot(page, "obligations")
    page.goto(f"/inspections/activities/{this_month.number}/")
    form = page.get_by_test_id("record-form")
    form.locator("#id_duration_minutes").fill("40")
    form.locator("#id_it").fill("2")
    form.locator("#id_vendor").fill("3")
    form.locator("#id_outcome").fill("切换成功，业务无感知")
    form.get_by_role("button", name="保存").click()
    expect(form.locator(".invalid-feedback, .errorlist").first).to_contain_text(
        "RTO"
    )  # a drill needs its RTO
    form.locator("#id_rto_minutes").fill("5")
    form.locator("#id_rpo_minutes").fill("0")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("已完成")
    expect(page.get_by_test_id("attendees")).to_contain_text("信息科 2")
    page.goto(f"/inspections/obligations/?contract={this_month.contract_id}&year={today.year}")
    badge = page.get_by_test_id("duty").filter(has_text="集成平台消息引擎主备切换演练").get_by_text(
        f"{today:%Y-%m} 1/1")  # fmt: skip
    expect(badge).to_be_visible()
