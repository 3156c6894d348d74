"""The service desk as nurses, engineers and IT live in it: the nurse is told and confirms
from the notification, IT corrects an item and the clocks move, a vendor cannot pause a
ticket it has not accepted, the timeline and the audit page speak in words, error pages
are the product's, and the queue keeps each person's order."""

import pytest
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.catalog.models import Item
from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.tickets.models import Ticket
from hisops.tickets.services import ticket_accept, ticket_create, ticket_resolve

from ..test_pages_in_words import raw_codes
from .conftest import login, screenshot
from .test_monitoring_flow import open_bell

pytestmark = pytest.mark.django_db(transaction=True)


def people():
    return {u.username: u for u in User.objects.all()}


def test_the_nurse_is_told_it_is_fixed_and_confirms_from_the_notification(open_page):
    load_demo()
    who = people()
    ticket = ticket_create(actor=who["nurse"], hospital=who["nurse"].hospital, title="腕带打印机不出纸",
                           item=Item.objects.get(code="HIS-14"), impact="person_down")  # fmt: skip
    ticket = ticket_accept(actor=who["vendoreng"], ticket=ticket)
    ticket_resolve(actor=who["vendoreng"], ticket=ticket, resolution="更换打印头，已恢复")
    page = open_page(width=390, height=844)
    login(page, "nurse", data.PASSWORD)
    page.locator(".navbar-toggler").click()
    open_bell(page)
    notes = page.get_by_test_id("notifications")
    expect(notes).to_contain_text(f"您的报修 {ticket.number} 已受理")
    notes.get_by_text(f"{ticket.number} 已解决，请确认").click()
    expect(page.get_by_test_id("confirm-page")).to_contain_text("更换打印头，已恢复")
    page.get_by_test_id("confirm-button").click()  # one tap
    rate = page.get_by_test_id("rate-form")
    rate.get_by_text("4 ★").click()
    rate.get_by_role("button").click()
    expect(page.get_by_test_id("my-tickets")).to_contain_text("已完成")
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.satisfaction == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-confirm")


def test_it_corrects_the_item_of_a_not_sure_report_and_the_clocks_start(open_page):
    load_demo()
    who = people()
    ticket = ticket_create(actor=who["nurse"], hospital=who["nurse"].hospital, title="电脑打不开病历",
                           impact="person_down")  # fmt: skip
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto(f"/tickets/{ticket.number}/")
    expect(page.get_by_test_id("no-clock-reason")).to_contain_text("系统尚未确定")
    correct = page.get_by_test_id("correct")
    correct.locator("summary").click()
    correct.locator("select[name=item]").select_option(str(Item.objects.get(code="HIS-14").pk))
    correct.locator("input[name=reason]").fill("电话核实：实为护士站")
    correct.get_by_role("button").click()
    expect(page.get_by_role("alert")).to_contain_text("已更正")
    expect(page.get_by_test_id("clocks")).to_contain_text("响应")
    expect(page.get_by_test_id("timeline")).to_contain_text("更正了工单")
    expect(page.get_by_test_id("timeline")).to_contain_text("配置项: — → 住院护士工作站")
    assert raw_codes(page.content()) == {}
    ticket.refresh_from_db()
    assert ticket.contract.number == "KL-HIS-2026" and ticket.clocks.exists()
    screenshot(page, "ticket-corrected")


def test_a_vendor_pauses_only_after_accepting_and_the_nurse_contests(open_page):
    load_demo()
    who = people()
    ticket = ticket_create(actor=who["nurse"], hospital=who["nurse"].hospital, title="医嘱执行单打不出来",
                           item=Item.objects.get(code="HIS-14"), impact="workaround")  # fmt: skip
    page = open_page()
    login(page, "vendoreng", data.PASSWORD)
    page.goto(f"/tickets/{ticket.number}/")
    actions = page.get_by_test_id("actions")
    expect(actions.get_by_role("button", name="受理", exact=True)).to_be_visible()
    expect(actions.get_by_role("button", name="暂停", exact=True)).to_have_count(0)
    actions.get_by_role("button", name="受理", exact=True).click()
    pause = actions.locator("form", has=page.locator("select[name=reason]"))
    pause.get_by_role("button", name="暂停", exact=True).click()  # no note: refused in words
    expect(page.get_by_role("alert")).to_contain_text("请说明需要院方提供或配合什么")
    pause = page.get_by_test_id("actions").locator("form", has=page.locator("select[name=reason]"))
    pause.locator("input[name=note]").fill("请提供打印机型号")
    pause.get_by_role("button", name="暂停", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("等待院方")
    phone = open_page(width=390, height=844)
    login(phone, "nurse", data.PASSWORD)
    phone.goto(f"/tickets/{ticket.number}/")
    contest = phone.get_by_test_id("actions").locator(
        "form", has=phone.locator("input[name=note][required]")
    )
    contest.locator("input[name=note]").fill("型号已写在描述里")
    contest.get_by_role("button", name="对等待院方提出异议").click()
    expect(phone.get_by_test_id("status")).to_have_text("处理中")
    expect(phone.get_by_test_id("timeline")).to_contain_text(
        "对等待院方提出异议（暂停时间照常计入）"
    )
    assert Ticket.objects.get(pk=ticket.pk).clocks.filter(paused_minutes__gt=0).count() == 0


def test_the_audit_page_reads_in_words_and_filters(open_page):
    load_demo()
    page = open_page()
    login(page, "auditor", data.PASSWORD)
    page.goto("/audit/")
    table = page.get_by_test_id("audit-events")
    expect(table).to_contain_text("签署了巡检报告")  # the demo's newest: the inspection signed
    assert raw_codes(page.content()) == {}
    form = page.get_by_test_id("audit-filter")
    form.locator("select[name=action]").select_option(label="从模板新建了合同")
    form.get_by_role("button").click()
    expect(table).to_contain_text("从模板新建了合同")
    assert raw_codes(page.content()) == {}
    form.locator("select[name=action]").select_option(label="导入了配置库")
    form.get_by_role("button").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("export")).to_have_attribute(
        "href", __import__("re").compile("format=xlsx")
    )
    screenshot(page, "audit-in-words")


def test_error_pages_are_the_products_own(open_page):
    load_demo()
    page = open_page()
    login(page, "leader", data.PASSWORD)
    response = page.goto("/tickets/report/")
    assert response.status == 403
    expect(page.get_by_test_id("error-page")).to_contain_text("您无权进行此操作")
    expect(page.get_by_test_id("error-page").get_by_role("link", name="首页")).to_be_visible()
    response = page.goto("/tickets/INC-1999-000001/")
    assert response.status == 404
    expect(page.get_by_test_id("error-page")).to_contain_text("这里什么也没有")
    expect(page.locator(".navbar")).to_be_visible()  # in the product's layout
    screenshot(page, "error-404")


def test_the_queue_keeps_each_persons_order(open_page):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto("/tickets/")
    sort = page.get_by_test_id("sort")
    expect(sort).to_have_value("due")  # IT's default
    sort.select_option("reported")
    page.get_by_role("button", name="筛选").click()
    page.goto("/tickets/")
    expect(page.get_by_test_id("sort")).to_have_value("reported")
