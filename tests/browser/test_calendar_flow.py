import pytest
from playwright.sync_api import expect

from hisops.calendars.services import shipped_calendars_ensure, statutory_holidays_seed
from hisops.demo import data
from hisops.demo.loader import load_demo

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    shipped_calendars_ensure()
    statutory_holidays_seed()
    return load_demo()


def compute(page, start, duration, unit):
    form = page.get_by_test_id("deadline-form")
    form.locator("input[name=start]").fill(start)
    form.locator("input[name=duration]").fill(str(duration))
    form.locator("select[name=unit]").select_option(unit)
    form.get_by_role("button", name="计算").click()
    return page.get_by_test_id("deadline-result")


def test_adding_2027_holiday_data_clears_the_missing_data_warning(open_page, demo):
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.get_by_role("button", name="更多").click()
    page.get_by_role("link", name="工作日历").click()
    page.get_by_role("link", name="cn-workday").click()

    # The real 2026 data: National Day is off, Saturday 10-10 is a make-up workday.
    page.goto("/calendars/cn-workday/?month=2026-10")
    month = page.get_by_test_id("calendar-month")
    expect(month).to_contain_text("国庆节")
    expect(month.locator("td.table-info")).to_contain_text("10")
    result = compute(page, "2026-09-30T16:00", 480, "minutes")
    expect(result).to_contain_text("2026-10-08 16:00")
    expect(page.get_by_test_id("deadline-missing")).to_have_count(0)

    # 2027 has no data yet: the page and the calculator both say so.
    page.goto("/calendars/cn-workday/?month=2027-01")
    expect(page.get_by_test_id("month-missing")).to_be_visible()
    expect(compute(page, "2027-01-04T09:00", 1, "working_days")).to_contain_text("2027-01-05 09:00")
    expect(page.get_by_test_id("deadline-missing")).to_be_visible()
    screenshot(page, "calendar-2027-missing")

    form = page.get_by_test_id("override-form")
    form.locator("input[name=date]").fill("2027-01-01")
    form.locator("select[name=kind]").select_option("holiday")
    form.locator("input[name=name]").fill("元旦")
    form.get_by_role("button", name="保存").click()

    expect(page.get_by_test_id("month-missing")).to_have_count(0)
    expect(page.get_by_test_id("calendar-month")).to_contain_text("元旦")
    expect(compute(page, "2026-12-31T17:00", 120, "minutes")).to_contain_text("2027-01-04 09:00")
    expect(page.get_by_test_id("deadline-missing")).to_have_count(0)
    screenshot(page, "calendar-2027-added")
