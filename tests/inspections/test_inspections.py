"""Inspections: a plan's year on its calendar (monthly 12, quarterly 4, two visits of two
working days, a visit across 春节), readings of the line's kind, a failed line followed up
as a ticket, completion with every line read and counted in the contract's quota, the
hospital's signature (never the vendor's) and the report filed as PDF and DOCX."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from PIL import Image
from pypdf import PdfReader

from hisops.audit.models import AuditEvent
from hisops.calendars.models import BusinessCalendar
from hisops.calendars.services import calendars_reference_load, statutory_holidays_import
from hisops.contracts.models import Contract, QuotaUse
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.sealing import seal_matches
from hisops.inspections import services
from hisops.inspections.models import Inspection
from hisops.knowledge.models import Document
from hisops.tickets.models import Ticket

from ..conftest import covered_system

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def png(size=(60, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def templates(hospital):
    return {
        t.code: t for t in services.inspection_templates_install(actor=SYSTEM, hospital=hospital)
    }


@pytest.fixture
def workday(db):
    calendars_reference_load()  # cn-workday with the statutory years chinese-calendar has
    return BusinessCalendar.objects.get(code="cn-workday")


def plan_for(item, template, calendar, **extra):
    contract = Contract.objects.get(covered_items=item)
    fields = {"cadence": "monthly", "per_period": 1, "days_each": 1, "mode": "remote", **extra}
    return services.inspection_plan_create(actor=SYSTEM, hospital=item.hospital, name="巡检", contract=contract,
                                           template=template, items=[item], calendar=calendar, **fields)  # fmt: skip


def test_the_tenders_checklists_install_once(hospital, templates):
    assert set(templates) == {"seed001-monthly-system", "seed002-database-quarterly", "seed003-weekly-core",
                              "seed004-onsite"}  # fmt: skip
    assert services.inspection_templates_install(actor=SYSTEM, hospital=hospital) == []
    sections = set(templates["seed001-monthly-system"].lines.values_list("section", flat=True))
    assert {"系统运行环境检查", "业务存储容量需求分析", "安全检查"} <= sections


def test_seed_001_monthly_plan_gives_twelve_inspections_due_on_the_months_last_working_day(
    hospital, templates, workday
):
    nursing = covered_system(
        hospital, code="NURSE", contract="YD-1", template="seed001-mobile-nursing"
    )
    plan = plan_for(
        nursing, templates["seed001-monthly-system"], workday, mode="onsite", days_each=2
    )
    made = services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026)
    assert len(made.created) == 12 and not made.holiday_data_missing
    feb = next(i for i in made.created if i.period_start == date(2026, 2, 1))
    # 2026-02-28 is a Saturday worked for 春节 (调休): the visit is Friday 27th and Saturday 28th.
    assert (feb.starts_on, feb.due_on) == (date(2026, 2, 27), date(2026, 2, 28))
    assert [i.number for i in made.created][:2] == ["INS-2026-0001", "INS-2026-0002"]
    assert feb.results.count() == templates["seed001-monthly-system"].lines.count()
    again = services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026)
    assert again.created == [] and again.existing == 12
    assert Inspection.objects.filter(plan=plan).count() == 12


def test_seed_002_quarterly_database_plan_repeats_lines_per_database(hospital, templates, workday):
    from tests.factories import ItemFactory

    his = covered_system(hospital, code="HISDB", contract="HT-1")
    adg = ItemFactory(hospital=hospital, code="ADG", name="ADG 容灾库", kind="database")
    plan = plan_for(his, templates["seed002-database-quarterly"], workday, cadence="quarterly")
    plan.items.add(adg)
    made = services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026)
    assert [i.due_on for i in made.created] == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30),
                                                date(2026, 12, 31)]  # fmt: skip
    lines = templates["seed002-database-quarterly"].lines.count()
    assert made.created[0].results.count() == 2 * lines
    assert (
        made.created[0].results.filter(item=adg, section__startswith="ADG 容灾库").count() == lines
    )


def test_seed_004_two_visits_of_two_working_days_and_one_across_the_spring_festival(
    hospital, templates, workday
):
    emr = covered_system(
        hospital, code="EMR", contract="WR-1", template="seed004-emr-service-items"
    )
    twice = plan_for(
        emr, templates["seed004-onsite"], workday, cadence="yearly", per_period=2, days_each=2
    )
    made = services.inspection_plan_generate(actor=SYSTEM, plan=twice, year=2026)
    assert [(i.starts_on, i.due_on) for i in made.created] == [
        (date(2026, 6, 30), date(2026, 7, 1)), (date(2026, 12, 30), date(2026, 12, 31))
    ]  # fmt: skip
    # Without 2027's statutory data the year is planned on ordinary weeks, and says so.
    monthly_twice = plan_for(emr, templates["seed004-onsite"], workday, per_period=2, days_each=2)
    assert services.inspection_plan_generate(
        actor=SYSTEM, plan=monthly_twice, year=2027
    ).holiday_data_missing
    Inspection.objects.filter(plan=monthly_twice).delete()
    content = (ROOT / "docs" / "examples" / "holidays-example-2027.csv").read_bytes()
    statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=content)
    made = services.inspection_plan_generate(actor=SYSTEM, plan=monthly_twice, year=2027)
    first_half_of_feb = next(
        i for i in made.created if i.period_start == date(2027, 2, 1) and i.slot == 1
    )
    # Friday 5th, then 春节 (6th–13th), then Sunday 14th, a make-up working day.
    assert (first_half_of_feb.starts_on, first_half_of_feb.due_on) == (
        date(2027, 2, 5),
        date(2027, 2, 14),
    )
    assert not made.holiday_data_missing


def test_a_cadence_that_cannot_fit_its_working_days_is_refused(hospital, templates, workday):
    emr = covered_system(
        hospital, code="EMR", contract="WR-1", template="seed004-emr-service-items"
    )
    with pytest.raises(ValidationError) as refused:
        plan_for(
            emr, templates["seed004-onsite"], workday, cadence="weekly", per_period=2, days_each=3
        )
    assert "days_each" in refused.value.fields
    assert not emr.inspection_plans.exists()


@pytest.fixture
def inspection(hospital, templates, workday):
    nursing = covered_system(
        hospital, code="NURSE", contract="YD-1", template="seed001-mobile-nursing"
    )
    plan = plan_for(nursing, templates["seed001-monthly-system"], workday)
    return services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026).created[11]


@pytest.fixture
def people(make_user, inspection):
    vendor = inspection.contract.vendor
    return {
        "vendor": make_user(Role.VENDOR_ENGINEER, username="vendoreng", vendor=vendor),
        "engineer": make_user(Role.IT_ENGINEER, username="engineer"),
        "other_vendor": make_user(Role.VENDOR_ENGINEER, username="othervendor"),
    }


def line(inspection, text):
    return inspection.results.get(text=text)


def read_all(inspection, actor, failing=None):
    """Every required line read as passing, except ``failing``."""
    for result in inspection.results.filter(required=True):
        number = str(result.minimum) if result.minimum is not None else "1"
        value = {"pass_fail": "pass", "number": number, "choice": "有效", "text": "正常"}[
            result.kind
        ]
        if result.text == failing:
            value = "fail"
        services.inspection_record(actor=actor, inspection=inspection, result=result, value=value)


def test_a_number_outside_its_range_fails_and_opens_one_ticket_on_the_item(inspection, people):
    cpu = line(inspection, "应用服务器 CPU 使用率")
    services.inspection_record(
        actor=people["vendor"], inspection=inspection, result=cpu, value="92.5"
    )
    cpu.refresh_from_db()
    assert cpu.outcome == "failed" and str(cpu.value_number) == "92.500"
    ticket = cpu.finding.ticket
    assert ticket.channel == "inspection" and ticket.item_id == cpu.item_id
    assert inspection.number in ticket.title and "92.5" in ticket.title
    services.inspection_record(
        actor=people["vendor"], inspection=inspection, result=cpu, value="95"
    )
    assert Ticket.objects.filter(channel="inspection").count() == 1
    services.inspection_record(
        actor=people["vendor"], inspection=inspection, result=cpu, value="40"
    )
    cpu.refresh_from_db()
    assert cpu.outcome == "passed"
    inspection.refresh_from_db()
    assert inspection.status == "in_progress" and inspection.assignee == people["vendor"]


@pytest.mark.parametrize(
    ("text", "value", "field"),
    [("应用服务器 CPU 使用率", "九十", "value"), ("本月巡检计划与内容已与信息科确认", "maybe", "value"),
     ("数据备份措施有效", "很好", "value"), ("系统结构与接口现状", "  ", "value"), ("现场照片", "", "photo")],
)  # fmt: skip
def test_a_reading_of_the_wrong_kind_is_refused_and_changes_nothing(
    inspection, people, text, value, field
):
    result = line(inspection, text)
    with pytest.raises(ValidationError) as refused:
        services.inspection_record(
            actor=people["vendor"], inspection=inspection, result=result, value=value
        )
    assert field in refused.value.fields
    result.refresh_from_db()
    inspection.refresh_from_db()
    assert result.outcome == "" and inspection.status == "planned"


def test_a_photo_that_is_not_an_image_is_refused(inspection, people):
    photo = line(inspection, "现场照片")
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.inspection_record(
            actor=people["vendor"], inspection=inspection, result=photo, photo=fake
        )
    real = SimpleUploadedFile("现场.png", png(), content_type="image/png")
    services.inspection_record(
        actor=people["vendor"], inspection=inspection, result=photo, photo=real
    )
    photo.refresh_from_db()
    assert photo.outcome == "noted" and photo.photo and len(photo.photo_sha256) == 64


def test_another_vendor_may_not_work_on_the_inspection(inspection, people):
    with pytest.raises(PermissionDenied):
        services.inspection_start(actor=people["other_vendor"], inspection=inspection)


def test_completing_needs_every_required_line_and_a_summary(inspection, people):
    services.inspection_record(actor=people["vendor"], inspection=inspection,
                               result=line(inspection, "应用服务器 CPU 使用率"), value="30")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.inspection_complete(actor=people["vendor"], inspection=inspection, summary="")
    assert "口令设定和维护符合要求" in " ".join(refused.value.fields["results"])
    assert "summary" in refused.value.fields
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"
    assert not QuotaUse.objects.exists()


def test_the_vendor_completes_the_hospital_signs_and_the_report_is_filed(inspection, people):
    read_all(inspection, people["vendor"], failing="口令设定和维护符合要求")
    with pytest.raises(Conflict):  # not completed: nothing to sign yet
        services.inspection_sign(
            actor=people["engineer"], inspection=inspection, signer_name="张主任", image=png()
        )
    services.inspection_complete(
        actor=people["vendor"], inspection=inspection, summary="运行平稳，建议按季度修改口令。"
    )
    use = QuotaUse.objects.get(object_type="inspection", object_id=str(inspection.pk))
    assert use.quota.code == "inspection"
    with pytest.raises(PermissionDenied):  # the vendor never signs for the hospital
        services.inspection_sign(
            actor=people["vendor"], inspection=inspection, signer_name="厂商", image=png()
        )
    with pytest.raises(ValidationError):
        services.inspection_sign(
            actor=people["engineer"], inspection=inspection, signer_name="", image=b"GIF89a"
        )
    services.inspection_sign(
        actor=people["engineer"], inspection=inspection, signer_name="张主任", image=png()
    )
    inspection.refresh_from_db()
    assert inspection.status == "signed" and len(inspection.seal) == 64
    with pytest.raises(Conflict):
        services.inspection_sign(
            actor=people["engineer"], inspection=inspection, signer_name="张主任", image=png()
        )
    with pytest.raises(Conflict):
        services.inspection_record(actor=people["vendor"], inspection=inspection,
                                   result=line(inspection, "应用服务器 CPU 使用率"), value="99")  # fmt: skip
    with pytest.raises(Conflict):  # the seal covers the findings: none is added after signing
        services.finding_open(
            actor=people["engineer"], inspection=inspection, description="补记一条"
        )
    assert inspection.findings.count() == 1
    inspection.refresh_from_db()
    assert seal_matches(inspection.seal, inspection.sealed_content())

    filed = {d.name: d for d in Document.objects.filter(category="inspection")}
    assert set(filed) == {f"{inspection.number}.pdf", f"{inspection.number}.docx"}
    pdf = filed[f"{inspection.number}.pdf"]
    assert pdf.contract == inspection.contract and pdf.period_start == inspection.period_start
    text = "".join(page.extract_text() for page in PdfReader(pdf.file.open("rb")).pages)
    for expected in (inspection.hospital.name, inspection.number, "口令设定和维护符合要求", "张主任",
                     inspection.contract.number, "运行平稳", "12-01"):  # fmt: skip
        assert expected in text
    ticket = inspection.findings.get().ticket
    assert ticket.number in text
    word = WordDocument(filed[f"{inspection.number}.docx"].file.open("rb"))
    cells = " ".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "口令设定和维护符合要求" in cells and inspection.contract.number in cells
    assert ticket.number in " ".join(p.text for p in word.paragraphs)

    content, name, content_type = services.inspection_report_file(actor=people["engineer"], inspection=inspection,
                                                                  fmt="pdf")  # fmt: skip
    assert name == f"{inspection.number}.pdf" and content_type == "application/pdf"
    assert content == pdf.file.open("rb").read()  # the archived copy, never rendered again
    actions = set(
        AuditEvent.objects.filter(object_id=str(inspection.pk)).values_list("action", flat=True)
    )
    assert {"inspections.inspection.record", "inspections.inspection.finding", "inspections.inspection.complete",
            "inspections.inspection.sign"} <= actions  # fmt: skip


def test_a_note_finding_can_open_a_problem(inspection, people):
    finding = services.finding_open(actor=people["engineer"], inspection=inspection, as_problem=True,
                                    description="移动护理 PDA 扫码偶发失败，需分析原因")  # fmt: skip
    assert finding.problem.number.startswith("PRB-") and finding.ticket is None


def test_a_planned_inspection_is_cancelled_with_a_reason(inspection, people):
    with pytest.raises(ValidationError):
        services.inspection_cancel(actor=people["engineer"], inspection=inspection, reason=" ")
    services.inspection_cancel(actor=people["engineer"], inspection=inspection, reason="系统下线")
    inspection.refresh_from_db()
    assert inspection.status == "cancelled"
    with pytest.raises(Conflict):
        services.inspection_start(actor=people["vendor"], inspection=inspection)
