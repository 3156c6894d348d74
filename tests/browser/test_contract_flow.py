import pytest
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_editing_a_target_in_the_matrix_changes_the_calculators_answer(open_page):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.get_by_role("link", name="维保合同").click()
    page.get_by_role("link", name="KL-HIS-2026").click()

    matrix = page.get_by_test_id("sla-matrix")
    expect(matrix.locator("td[data-level='2'][data-target='response']")).to_contain_text("30 分钟")

    calculator = page.get_by_test_id("contract-calculator")
    calculator.locator("select[name=level]").select_option("2")
    calculator.locator("select[name=target]").select_option("response")
    calculator.locator("input[name=start]").fill("2026-03-02T09:00")
    calculator.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("contract-deadline")).to_contain_text("2026-03-02 09:30")

    editor = page.get_by_test_id("target-form")
    editor.locator("select[name=level]").select_option("2")
    editor.locator("select[name=target]").select_option("response")
    editor.locator("input[name=duration]").fill("20")
    editor.locator("select[name=unit]").select_option("minutes")
    editor.locator("select[name=calendar]").select_option("7x24")
    editor.get_by_role("button", name="保存").click()
    expect(
        page.get_by_test_id("sla-matrix").locator("td[data-level='2'][data-target='response']")
    ).to_contain_text("20 分钟")

    calculator.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("contract-deadline")).to_contain_text("2026-03-02 09:20")
    screenshot(page, "contract-matrix")
