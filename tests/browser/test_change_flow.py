"""A vendor writes and submits a change with its test; IT signs the test report, the IT
admin approves it, IT schedules it and sees it on the change calendar, the vendor starts
it and IT releases it with the version now running."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.calendars.models import BusinessCalendar
from hisops.calendars.selectors import working_hours_on
from hisops.catalog.models import Item
from hisops.changes.models import DOCUMENT, Change, FreezeWindow
from hisops.demo import data
from hisops.demo.loader import load_demo

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def free_working_day():
    """A working day after the demo's own scheduled change and outside its freeze window."""
    calendar = BusinessCalendar.objects.get(code="cn-workday")
    taken = timezone.localdate(Change.objects.get().planned_start)
    day = max(taken, timezone.localdate()) + timedelta(days=1)
    while (
        not working_hours_on(calendar, day)
        or FreezeWindow.objects.filter(start__date__lte=day, end__date__gte=day).exists()
    ):
        day += timedelta(days=1)
    return day


def test_a_change_from_the_vendors_draft_to_its_release(open_page):
    load_demo()
    his = Item.objects.filter(vendor__code="KL", kind="system").order_by("code").first()
    day = free_working_day()
    page = open_page()
    login(page, "vendoreng", data.PASSWORD)
    page.goto("/changes/")
    page.get_by_test_id("new-change").click()
    form = page.get_by_test_id("change-form")
    form.locator("#id_title").fill("门诊收费 3.8 补丁")
    form.locator("#id_kind").select_option("patch")
    form.locator("#id_items").select_option(str(his.pk))
    for name, label in DOCUMENT:
        if name != "impact":  # left empty: written from the CMDB
            form.locator(f"#id_{name}").fill(f"{label}：按厂商方案")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("草稿")
    test = page.get_by_test_id("test-form")
    test.locator("#id_kind").select_option("functional")
    test.locator("#id_result").select_option("passed")
    test.get_by_role("button", name="记录测试").click()
    page.get_by_test_id("do-submit").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    expect(page.get_by_test_id("do-sign_test")).to_have_count(0)  # the vendor never signs
    number = Change.objects.get(title="门诊收费 3.8 补丁").number
    page.get_by_role("button", name="退出").click()

    login(page, "engineer", data.PASSWORD)
    page.goto(f"/changes/{number}/")
    page.get_by_test_id("do-sign_test").click()
    expect(page.get_by_test_id("test-signed")).to_contain_text("李工程")
    page.get_by_role("button", name="退出").click()
    login(page, "itadmin", data.PASSWORD)
    page.goto(f"/changes/{number}/")
    page.get_by_test_id("do-approve").click()
    expect(page.get_by_test_id("status")).to_have_text("已批准")
    schedule = page.get_by_test_id("schedule-form")
    schedule.locator("#id_start").fill(f"{day.isoformat()}T20:00")
    schedule.locator("#id_end").fill(f"{day.isoformat()}T22:00")
    schedule.get_by_role("button", name="排期").click()
    expect(page.get_by_test_id("status")).to_have_text("已排期")
    page.goto(f"/changes/calendar/?month={day:%Y-%m}")
    expect(page.locator(f'[data-day="{day.isoformat()}"]')).to_contain_text(number)
    screenshot(page, "change-calendar")
    page.get_by_role("button", name="退出").click()

    login(page, "vendoreng", data.PASSWORD)
    page.goto(f"/changes/{number}/")
    page.get_by_test_id("do-start").click()
    expect(page.get_by_test_id("status")).to_have_text("处理中")
    page.get_by_role("button", name="退出").click()
    login(page, "engineer", data.PASSWORD)
    page.goto(f"/changes/{number}/")
    release = page.get_by_test_id("release-form")
    release.locator(f"#id_version_{his.pk}").fill("3.8.1")
    release.get_by_role("button", name="发布（已验证）").click()
    expect(page.get_by_test_id("status")).to_have_text("已发布")
    expect(page.get_by_test_id("history")).to_contain_text("发布")
    his.refresh_from_db()
    assert his.version == "3.8.1"
