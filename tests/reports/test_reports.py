"""Periodic service reports: the files' figures equal the API's KPIs, in all three formats."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from hisops.core.capabilities import Role
from hisops.evaluations.kpis import display
from hisops.reports.content import TABLE_KEYS
from hisops.reports.render import default_template
from hisops.reports.services import reports_pending
from hisops.tickets.services import TransitionInput, ticket_transition

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(day, hour=10, minute=0):
    return datetime(2026, 9, day, hour, minute, tzinfo=SH)


def move(actor, ticket, action, when, **fields):
    return ticket_transition(
        actor=actor,
        ticket=ticket,
        data=TransitionInput(action=action, at=when, reason="补录", **fields),
    )


def write(client, contract, **extra):
    answer = client.post("/api/v1/reports/", {"kind": "monthly", "period": "2026-09", "contract": contract.pk, **extra},
                         format="json")  # fmt: skip
    assert answer.status_code == 202, answer.content
    assert answer.json()["status"] == "queued"
    assert reports_pending() == 1  # what the embedded product's sweep (or a worker) does
    detail = client.get(f"/api/v1/reports/{answer.json()['number']}/").json()
    assert detail["status"] == "done" and detail["progress"] == 100, detail
    return detail


def download(client, number, fmt):
    answer = client.get(f"/api/v1/reports/{number}/download/", {"format": fmt})
    assert answer.status_code == 200
    return b"".join(answer.streaming_content)


def test_the_three_files_say_what_the_api_says(api, it_admin, september):
    client = api(it_admin)
    kpis = client.get("/api/v1/kpis/", {"period": "2026-09", "contract": september.pk}).json()
    # Responses: three level-2 and the level-1 on time; one level-2 late; the level-3 never answered.
    assert kpis["kpis"]["response_met_rate"] == 0.6667
    assert kpis["kpis"]["mttr_minutes"] == 114.0  # (60 + 120 + 240 + 30 + 120) / 5
    report = write(client, september)
    assert sorted(f["format"] for f in report["files"]) == ["docx", "pdf", "xlsx"]

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download(client, report["number"], "xlsx")))
    data = book.worksheets[1]  # the KPI data: key, measure, this period, the one before, unit
    in_sheet = {row[0]: row[2] for row in data.iter_rows(min_row=2, values_only=True)}
    assert in_sheet == kpis["kpis"]

    from docx import Document

    doc = Document(io.BytesIO(download(client, report["number"], "docx")))
    key_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "2026-09")
    shown = [row.cells[1].text for row in key_table.rows[1:]]
    expected = [display(key, kpis["kpis"][key]) for key in TABLE_KEYS]
    assert shown == expected
    assert doc.paragraphs[0].text == september.hospital.name  # the letterhead: the hospital

    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(download(client, report["number"], "pdf")))
    text = "".join(page.extract_text() for page in pdf.pages).replace(" ", "")
    for key in ("response_met_rate", "mttr_minutes", "tickets_reported", "availability"):
        assert display(key, kpis["kpis"][key]).replace(" ", "") in text, key
    assert "月度服务报告" in text and "HIS全院无法登录" in text


def test_a_regenerated_report_is_a_new_version_never_an_overwrite(api, it_admin, september):
    client = api(it_admin)
    first = write(client, september, formats=["pdf"])
    second = write(client, september, formats=["pdf"], advice="建议扩容医保前置机")
    [one], [two] = first["files"], second["files"]
    assert (one["version"], two["version"]) == (1, 2)
    assert client.get(f"/api/v1/documents/{one['document']}/").status_code == 200  # still filed


def test_bad_requests_change_nothing(api, it_admin, make_user, september, lis):
    client = api(it_admin)
    bad = client.post(
        "/api/v1/reports/",
        {"kind": "monthly", "period": "2026Q3", "contract": september.pk},
        format="json",
    )
    assert bad.status_code == 400 and "2027-03" in bad.json()["fields"]["period"][0]
    bad = client.post("/api/v1/reports/", {"kind": "weekly", "period": "2026-09"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]
    vendor = api(make_user(Role.VENDOR_MANAGER, vendor=september.vendor))
    other = lis.vendor.contracts.get()
    refused = vendor.post(
        "/api/v1/reports/",
        {"kind": "monthly", "period": "2026-09", "contract": other.pk},
        format="json",
    )
    assert refused.status_code == 404
    nurse = api(make_user(Role.CLINICIAN))
    assert (
        nurse.post(
            "/api/v1/reports/", {"kind": "monthly", "period": "2026-09"}, format="json"
        ).status_code
        == 403
    )
    assert client.get("/api/v1/reports/").json()["count"] == 0


def test_a_vendor_writes_and_sees_only_its_own_contracts_reports(
    api, it_admin, make_user, september, lis
):
    manager = api(make_user(Role.VENDOR_MANAGER, vendor=september.vendor))
    mine = write(manager, september, formats=["xlsx"])
    write(api(it_admin), lis.vendor.contracts.get(), formats=["xlsx"])
    assert [r["number"] for r in manager.get("/api/v1/reports/").json()["results"]] == [
        mine["number"]
    ]


def letterhead(*, body=True) -> SimpleUploadedFile:
    from docx import Document

    doc = Document(io.BytesIO(default_template()))
    doc.paragraphs[0].insert_paragraph_before("某某市人民医院信息科 公文抬头")
    if not body:
        for paragraph in doc.paragraphs:
            if "body" in paragraph.text:
                paragraph.text = ""
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile("抬头.docx", out.getvalue())


def test_a_hospitals_own_letterhead_is_used_and_a_template_without_the_body_refused(
    api, it_admin, september
):
    client = api(it_admin)
    refused = client.post(
        "/api/v1/report-templates/", {"file": letterhead(body=False)}, format="multipart"
    )
    assert refused.status_code == 400 and "{{p body }}" in refused.json()["fields"]["file"][0]
    disguised = SimpleUploadedFile("抬头.docx", b"MZ\x90\x00" + b"\x00" * 64)
    assert (
        client.post(
            "/api/v1/report-templates/", {"file": disguised}, format="multipart"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/report-templates/", {"file": letterhead()}, format="multipart"
        ).status_code
        == 201
    )
    report = write(client, september, formats=["docx"])
    from docx import Document

    doc = Document(io.BytesIO(download(client, report["number"], "docx")))
    assert doc.paragraphs[0].text == "某某市人民医院信息科 公文抬头"


def test_the_command_line_writes_the_files(it_admin, september, tmp_path):
    tmp_path = tmp_path / "out"
    call_command("report", "quarterly", "--contract", september.number, "--period", "2026Q3", "--format", "pdf",
                 "--format", "xlsx", "--out", str(tmp_path))  # fmt: skip
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == [".pdf", ".xlsx"]
    assert next(tmp_path.glob("*.pdf")).read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="2027"):
        call_command(
            "report",
            "annual",
            "--contract",
            september.number,
            "--period",
            "2026-09",
            "--out",
            str(tmp_path),
        )
    with pytest.raises(CommandError, match="No contract"):
        call_command(
            "report", "annual", "--contract", "NOPE", "--period", "2026", "--out", str(tmp_path)
        )


def test_the_acceptance_scorecard_as_a_report(api, it_admin, september, tmp_path):
    from hisops.evaluations.services import scorecard_draw

    scorecard_draw(actor=it_admin, contract=september, year=september.years.get(number=1))
    out = tmp_path / "acceptance"
    call_command("report", "acceptance", "--contract", september.number, "--period", "2026", "--format", "xlsx",
                 "--out", str(out))  # fmt: skip
    from openpyxl import load_workbook

    [written] = list(out.iterdir())
    parts = list(load_workbook(written)["评分"].iter_rows(min_row=2, values_only=True))
    assert [(name, weight) for name, weight, _value, _counted in parts] == [
        ("考核指标达标", 40),
        ("周期性服务完成率", 30),
        ("服务评价", 30),
    ]  # the default policy
    client = api(it_admin)
    bad = client.post("/api/v1/reports/", {"kind": "acceptance", "period": "2026"}, format="json")
    assert bad.status_code == 400 and "contract" in bad.json()["fields"]


def test_a_long_list_is_cut_in_the_documents_and_says_so(it_admin, september, monkeypatch):
    from hisops.calendars import periods
    from hisops.evaluations.kpis import Subject
    from hisops.reports import content

    monkeypatch.setattr(content, "LISTED", 0)
    built = content.build(user=it_admin, kind="monthly", period=periods.parse("2026-09"),
                          subject=Subject(contract=september))  # fmt: skip
    [majors] = [s for s in built.sections if s.heading == "重大故障"]
    assert majors.paragraphs == ["仅列出前 0 条，共 1 条；完整清单见系统中的列表。"]
    assert majors.table is None


def test_a_report_is_written_once_even_if_the_worker_and_the_sweep_both_take_it(
    it_admin, september
):
    from hisops.reports.services import report_request, report_write

    report = report_request(actor=it_admin, hospital=it_admin.hospital, kind="monthly", period="2026-09",
                            contract=september, formats=["xlsx"], background=False)  # fmt: skip
    assert report_write(report_id=report.pk).status == "done"
    assert report_write(report_id=report.pk) is None  # already taken: nothing filed twice
    report.refresh_from_db()
    assert report.documents.count() == 1
