from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.problems.models import Problem
from hisops.tickets.models import Ticket

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_assigns_in_bulk_then_tracks_a_problem_to_its_conclusion(open_page):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto("/tickets/")
    queue = page.get_by_test_id("queue")
    filters = page.get_by_test_id("queue-filter")
    filters.locator("select[name=item]").select_option(label="电子病历系统")
    filters.get_by_role("button", name="筛选").click()
    expect(queue.locator("tbody tr")).to_have_count(1)
    page.goto("/tickets/")
    for row in queue.locator("tbody tr").all():
        row.locator("input[name=numbers]").check()
    bulk = page.get_by_test_id("bulk-assign")
    bulk.locator("select[name=group]").select_option(label="信息科运维组")
    bulk.get_by_role("button", name="指派").click()
    expect(page.get_by_role("alert")).to_contain_text("已指派 3 张工单")
    assert Ticket.objects.filter(group__name="信息科运维组").count() == 3

    page.get_by_role("link", name="问题清单").click()
    page.get_by_role("link", name="登记问题").click()
    form = page.get_by_test_id("problem-form")
    form.locator("input[name=title]").fill("移动护理PDA扫码偶发无反应")
    form.locator("select[name=vendor]").select_option(label="康联医疗软件有限公司")
    form.get_by_role("button", name="保存").click()
    problem = Problem.objects.get(title="移动护理PDA扫码偶发无反应")
    pda = Ticket.objects.get(title="移动护理PDA扫码无反应")
    page.goto(f"/tickets/{pda.number}/")
    link = page.get_by_test_id("problem-form")
    link.locator("input[name=problem]").fill(problem.number)
    link.get_by_role("button", name="关联").click()
    expect(page.get_by_test_id("problem-link")).to_contain_text(problem.number)

    page.goto(f"/problems/{problem.number}/")
    expect(page.get_by_test_id("incidents")).to_contain_text(pda.number)
    update = page.get_by_test_id("problem-update")
    update.locator("select[name=status]").select_option("closed")
    update.get_by_role("button", name="保存").click()
    expect(update).to_contain_text("问题须填写结论后才能关闭")
    update.locator("textarea[name=conclusion]").fill("PDA 固件升级后未再复现")
    update.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("已关闭")
    screenshot(page, "problem-closed")

    page.goto("/problems/")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[problem.number][2] == "已关闭" and rows[problem.number][9] == 1


def test_the_queue_filters_as_you_type_without_reloading_the_page(open_page):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto("/tickets/")
    queue = page.get_by_test_id("queue")
    page.evaluate("window.marker = 'same page'")
    page.get_by_test_id("queue-filter").locator("#id_q").fill("PDA")
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue).to_contain_text("移动护理PDA扫码无反应")
    assert "q=PDA" in page.url
    assert page.evaluate("window.marker") == "same page"  # only the rows were fetched


def test_a_nurse_sees_the_queue_as_cards_on_a_phone(open_page):
    load_demo()
    page = open_page(width=390, height=844)
    login(page, "nurse", data.PASSWORD)
    page.goto("/tickets/?status=")
    cards = page.get_by_test_id("queue-cards")
    expect(cards).to_be_visible()
    expect(page.get_by_test_id("queue")).to_be_hidden()
    expect(cards.locator("a[data-number]").first).to_contain_text("INC-")
    filters = page.get_by_test_id("queue-filter")
    for name in ("vendor", "assignee", "group"):  # filters a nurse cannot use
        expect(filters.locator(f"select[name={name}]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(page, "queue-phone")
