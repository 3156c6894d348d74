"""IT adds an HL7 interface check on the checks page, runs it against a live MLLP listener
(AA, then AE), and finds the incident it opened on the interface."""

import pytest
from playwright.sync_api import expect

from hisops.catalog.models import Item
from hisops.demo import data
from hisops.demo.loader import load_demo
from tests.checks.peers import mllp_listener

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_adds_an_interface_check_runs_it_and_sees_the_incident(open_page):
    load_demo()
    interface = Item.objects.filter(kind="interface").order_by("code").first()
    with mllp_listener(answers=("AA", "AE")) as (port, _received):
        page = open_page()
        login(page, "itadmin", data.PASSWORD)
        page.goto("/checks/")
        page.get_by_test_id("new-check").click()
        form = page.get_by_test_id("check-form")
        form.locator("#id_name").fill("HIS→LIS 检验申请接口")
        form.locator("#id_kind").select_option("hl7_mllp")
        form.locator("#id_target").fill(f"127.0.0.1:{port}")
        form.locator("#id_item").select_option(str(interface.pk))
        form.get_by_role("button", name="保存").click()
        page.get_by_test_id("run-check").click()
        results = page.get_by_test_id("results")
        expect(results.locator("tbody tr").first).to_contain_text("正常")
        page.get_by_test_id("run-check").click()
        expect(results.locator("tbody tr").first).to_contain_text("AE")
    expect(page.get_by_role("link", name="INC-")).to_be_visible()
    expect(page.get_by_test_id("daily")).to_contain_text("50%")  # one of today's two runs passed
    screenshot(page, "check-failed")
    page.goto("/checks/?failing=1")
    expect(page.get_by_test_id("checks")).to_contain_text("HIS→LIS 检验申请接口")
