"""The resident engineer does this month's inspection on a phone (a reading over its limit
becomes a ticket, a photo from the camera), completes it; the head of IT signs it on the
screen and its PDF report is in the document archive."""

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.inspections import services
from hisops.inspections.models import Inspection
from hisops.knowledge.models import Document

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_inspection_on_a_phone_signed_by_it_and_filed(open_page, tmp_path):
    load_demo()
    today = timezone.localdate()
    inspection = Inspection.objects.get(
        plan__name="移动护理月度系统巡检", period_start=today.replace(day=1)
    )
    engineer = inspection.assignee
    for result in inspection.results.filter(required=True).exclude(text="应用服务器 CPU 使用率"):
        value = {"pass_fail": "pass", "choice": "有效", "text": "无变化"}.get(result.kind) or str(
            result.minimum if result.minimum is not None else 10
        )
        services.inspection_record(
            actor=engineer, inspection=inspection, result=result, value=value
        )
    cpu_line = f"#line-{inspection.results.get(text='应用服务器 CPU 使用率').pk}"
    photo_line = f"#line-{inspection.results.get(text='现场照片').pk}"
    photo = tmp_path / "机房.png"
    Image.new("RGB", (64, 48), "gray").save(photo)

    phone = open_page(width=390, height=844)
    login(phone, "vendoreng", data.PASSWORD)
    phone.goto("/inspections/?mine=on")
    phone.get_by_role("link", name=inspection.number).click()
    cpu = phone.locator(cpu_line)
    cpu.locator("input[name=value]").fill("93")
    cpu.get_by_test_id("save-line").click()
    expect(phone.locator(cpu_line).get_by_test_id("outcome")).to_have_text("不合格")
    expect(phone.locator(cpu_line).get_by_text("INC-")).to_be_visible()  # the finding is a ticket
    snapshot = phone.locator(photo_line)
    snapshot.locator("input[name=photo]").set_input_files(str(photo))
    snapshot.get_by_test_id("save-line").click()
    expect(phone.locator(photo_line).get_by_test_id("outcome")).to_have_text("已记录")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-inspection")
    phone.get_by_test_id("complete-form").locator("textarea").fill("CPU 偏高已报修，其余正常。")
    phone.get_by_role("button", name="完成巡检").click()
    expect(phone.get_by_test_id("status")).to_have_text("已完成，待签字")
    expect(phone.get_by_test_id("sign-form")).to_have_count(0)  # the vendor never signs

    desk = open_page()
    login(desk, "itadmin", data.PASSWORD)  # 信息科 head
    desk.goto(f"/inspections/{inspection.number}/")
    sign = desk.get_by_test_id("sign-form")
    sign.locator("input[name=signer_name]").fill("王信息")
    pad = sign.get_by_test_id("signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    desk.mouse.move(box["x"] + 30, box["y"] + 100)
    desk.mouse.down()
    for x, y in ((90, 40), (150, 130), (220, 50), (300, 120)):
        desk.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    desk.mouse.up()
    sign.get_by_role("button", name="确认签名").click()
    expect(desk.get_by_test_id("signed")).to_contain_text("王信息")
    filed = Document.objects.get(name=f"{inspection.number}.pdf")
    assert filed.category == "inspection" and filed.contract_id == inspection.contract_id
    response = desk.context.request.get(f"/inspections/{inspection.number}/report.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body() == filed.file.open("rb").read()  # the signed copy, as filed
    desk.goto("/knowledge/documents/?category=inspection")
    expect(desk.get_by_test_id("documents").get_by_text(inspection.number).first).to_be_visible()
    screenshot(desk, "inspection-archived")
