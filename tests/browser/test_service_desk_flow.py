from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.catalog.models import Item
from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.tickets.models import Ticket
from hisops.tickets.services import ticket_create

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_nurse_reports_a_fault_from_her_phone(open_page):
    """Her home is 报修; the system is found by what she calls it, her ward's systems
    first; her impact answer sets the level, and the clocks run from that minute."""
    load_demo()
    page = open_page(width=390, height=844)
    login(page, "nurse", data.PASSWORD)
    expect(page.locator("h1")).to_contain_text("报修")  # home, no CMDB tiles
    picker = page.get_by_test_id("system-picker")
    expect(picker.locator("[data-heading]").first).to_have_text("本科室常用系统")
    ward_first = page.evaluate("""() => {
        const rows = [...document.getElementById("system-options").children];
        const all = rows.findIndex((r) => r.hasAttribute("data-heading") && r !== rows[1]);
        const mine = rows.findIndex((r) => r.textContent.includes("住院护士工作站"));
        return 0 < mine && mine < all;
    }""")
    assert ward_first  # 心血管内科病区 uses 住院护士工作站: it is listed before all systems
    picker.get_by_role("searchbox").fill("护士站")  # a word people use, not the name
    visible = picker.locator("label[data-words]:visible")
    expect(visible).to_have_count(2)  # 住院护士工作站 (what nurses call it) and 护士站白板系统
    expect(picker.locator("[data-heading]:visible")).to_have_count(0)
    visible.filter(has_text="住院护士工作站").click()
    page.get_by_test_id("impact").get_by_text("我（或一台电脑）无法工作").click()
    form = page.get_by_test_id("report-form")
    form.locator("input[name=title]").fill("护士站打印医嘱时卡死")
    form.locator("input[name=location]").fill("心内科病区 3床旁")
    form.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("已提交，编号 INC-")
    mine = page.get_by_test_id("my-tickets")
    expect(mine).to_contain_text("护士站打印医嘱时卡死")
    expect(mine).to_contain_text("已收到，等待受理")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-report")
    ticket = Ticket.objects.get(title="护士站打印医嘱时卡死")
    assert ticket.contract.number == "KL-HIS-2026" and ticket.department.code == "NK1"
    assert ticket.level.code == "2" and ticket.clocks.filter(target="response").exists()
    mine.get_by_text("护士站打印医嘱时卡死").click()
    expect(page.get_by_test_id("clocks")).to_contain_text("响应")
    expect(page.get_by_test_id("no-clock-reason")).to_have_count(0)


def test_the_queue_shows_a_breached_clock_in_red(open_page):
    load_demo()
    admin = User.objects.get(username="itadmin")
    his = Item.objects.get(code="HIS")
    late = ticket_create(actor=admin, hospital=admin.hospital, title="HIS门诊收费无法结算", item=his, level_code="2",
                         reported_at=timezone.now() - timedelta(hours=2), backdate_reason="电话报修补录")  # fmt: skip
    fresh = ticket_create(
        actor=admin, hospital=admin.hospital, title="报表格式调整", item=his, level_code="4"
    )
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.get_by_role("link", name="工单", exact=True).click()
    queue = page.get_by_test_id("queue")
    late_badge = queue.locator(f"tr[data-number='{late.number}'] .badge[data-state]")
    expect(late_badge).to_have_attribute("data-state", "breached")
    expect(late_badge).to_have_class(__import__("re").compile("text-bg-danger"))
    expect(queue.locator(f"tr[data-number='{fresh.number}'] .badge[data-state]")).to_have_attribute(
        "data-state", "on_track"
    )
    screenshot(page, "queue-breached")


def test_an_engineer_is_dispatched_signs_off_on_a_phone_and_it_confirms(open_page):
    """Accept → dispatch → (phone) check in, work record, the head nurse signs on the
    screen, resolve → IT confirms and records the follow-up; the repair sheet prints."""
    load_demo()
    nurse = User.objects.get(username="nurse")
    ticket = ticket_create(
        actor=nurse,
        hospital=nurse.hospital,
        title="住院护士工作站无法登录",
        item=Item.objects.get(code="HIS-14"),
        level_code="2",
        department=nurse.department,
    )
    page = open_page()
    login(page, "vendoreng", data.PASSWORD)
    page.goto(f"/tickets/{ticket.number}/")
    for word in ("受理", "派工"):
        page.get_by_test_id("actions").get_by_role("button", name=word, exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text(f"已完成：{word}")

    phone = open_page(width=390, height=844)
    login(phone, "vendoreng", data.PASSWORD)
    phone.goto("/tickets/onsite/")
    phone.get_by_test_id("onsite-list").locator(f"[data-number='{ticket.number}']").click()
    phone.get_by_test_id("check-in").click()
    expect(phone.get_by_test_id("checked-in")).to_contain_text("已签到")
    work = phone.get_by_test_id("work-form")
    work.locator("textarea[name=work_done]").fill("重置工作站证书，重新登录正常")
    work.locator("input[name=minutes_spent]").fill("20")
    work.get_by_role("button").click()
    sign = phone.get_by_test_id("sign-form")
    sign.locator("input[name=signer_name]").fill("周护士长")
    submit = sign.get_by_role("button", name="确认签名")
    expect(submit).to_be_disabled()  # nothing drawn yet
    pad = sign.get_by_test_id("signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()  # in the viewport's coordinates, where the mouse moves
    phone.mouse.move(box["x"] + 30, box["y"] + 120)
    phone.mouse.down()
    for x, y in ((80, 40), (130, 140), (180, 50), (240, 130), (300, 60)):
        phone.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    phone.mouse.up()
    submit.click()
    expect(phone.get_by_test_id("signed")).to_contain_text("周护士长")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-signed")
    phone.get_by_test_id("resolve-form").get_by_role("button", name="已解决").click()
    expect(phone.get_by_test_id("status")).to_have_text("已解决")

    visit = ticket.visits.get()
    assert visit.signer_name == "周护士长" and visit.minutes_spent == 20
    with visit.signature.open("rb") as f:
        png = f.read()
    assert png.startswith(b"\x89PNG") and len(png) > 1000  # a real drawing, not an empty canvas

    page.context.clear_cookies()
    login(page, "engineer", data.PASSWORD)
    page.goto(f"/tickets/{ticket.number}/")
    page.get_by_test_id("actions").get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已确认")
    followup = page.get_by_test_id("actions").locator(
        "form", has=page.get_by_test_id("satisfaction")
    )
    followup.get_by_test_id("satisfaction").select_option("5")
    followup.locator("input[name=note]").fill("护士长表示满意")
    followup.get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已关闭")
    expect(page.get_by_test_id("followup")).to_contain_text("5")
    page.goto(f"/tickets/{ticket.number}/sheet/")
    sheet = page.get_by_test_id("repair-sheet")
    expect(sheet).to_contain_text("示例市第一人民医院")
    expect(sheet).to_contain_text("重置工作站证书")
    signature = sheet.locator("img.signature")
    expect(signature).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", signature.element_handle()) > 0
    page.emulate_media(media="print")
    screenshot(page, "repair-sheet")


def test_it_takes_a_call_on_the_hotline(open_page):
    load_demo()
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.goto("/tickets/")
    page.get_by_test_id("intake-link").click()
    form = page.get_by_test_id("intake-form")
    form.locator("select[name=item]").select_option(label="HIS / 住院护士工作站")
    form.locator("select[name=level_code]").select_option("2")
    form.locator("input[name=title]").fill("心内科护士站无法打印腕带")
    form.locator("input[name=reporter_name]").fill("周护士长")
    form.locator("input[name=caller_number]").fill("8021")
    form.locator("input[name=call_seconds]").fill("80")
    form.get_by_role("button", name="打开工单").click()
    expect(page.get_by_test_id("status")).to_have_text("新建")
    ticket = Ticket.objects.get(title="心内科护士站无法打印腕带")
    assert (
        ticket.channel == "phone"
        and ticket.clear("caller_number") == "8021"
        and ticket.level.code == "2"
    )
    screenshot(page, "phone-intake")
