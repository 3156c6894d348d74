"""The inspection report, as the hospital files it: hospital, contract, period, every line
with its reading, the findings and their tickets, the summary and the signatures. One
context feeds both formats, so the PDF (the signed copy) and the DOCX (the copy a hospital
edits and exchanges) say the same."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.core.pdf import data_uri, render_pdf

FORMATS = ("pdf", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def title(inspection) -> str:
    return _("Inspection report %(number)s") % {"number": inspection.number}


def file_name(inspection, fmt: str) -> str:
    return f"{inspection.number}.{fmt}"


def _reading(result) -> str:
    if result.value_number is not None:
        return f"{result.value_number.normalize():f} {result.unit}".strip()
    if result.value_text:
        return result.value_text
    if result.kind == "photo" and result.photo:
        return _("photo attached")
    return ""


def context(inspection) -> dict:
    results = list(inspection.results.select_related("item"))
    findings = list(inspection.findings.select_related("ticket", "problem", "item"))
    contract = inspection.contract
    return {
        "inspection": inspection,
        "title": title(inspection),
        "hospital": inspection.hospital.name,
        "contract": f"{contract.number} {contract.title}",
        "vendor": contract.vendor.name,
        "items": "、".join(item.name for item in inspection.items.all()),
        "rows": [
            {
                "section": r.section,
                "text": r.text,
                "reading": _reading(r),
                "outcome": r.get_outcome_display() if r.outcome else _("not recorded"),
                "failed": r.outcome == "failed",
                "note": r.note,
                "photo": data_uri(
                    r.photo,
                    "image/jpeg"
                    if r.photo.name.lower().endswith((".jpg", ".jpeg"))
                    else "image/png",
                )
                if r.photo
                else "",
            }
            for r in results
        ],
        "findings": [
            {
                "description": f.description,
                "follow_up": f.ticket.number if f.ticket else f.problem.number,
                "item": f.item.name if f.item else "",
            }
            for f in findings
        ],
        "failed": sum(1 for r in results if r.outcome == "failed"),
        "engineer": _person(inspection.completed_by) or _person(inspection.assignee),
        "signature": data_uri(inspection.signature),
        "draft": not inspection.signed,
        "generated_at": timezone.localtime(),
    }


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def render(inspection, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf("inspections/report_pdf.html", context(inspection))
    return _docx(context(inspection))


def _docx(ctx: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "SimSun", Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")  # Chinese text in 宋体 on Word
    for section in doc.sections:
        section.left_margin = section.right_margin = Mm(20)
    inspection = ctx["inspection"]
    heading = doc.add_heading(ctx["hospital"], level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_heading(
        ctx["title"] + (f"（{_('draft, not signed')}）" if ctx["draft"] else ""), level=2
    )
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [
        (_("Contract"), ctx["contract"]), (_("Vendor"), ctx["vendor"]), (_("Checklist"), inspection.template.name),
        (_("Items"), ctx["items"]), (_("Mode"), inspection.get_mode_display()),
        (_("Period"), f"{inspection.period_start:%Y-%m-%d} — {inspection.period_end:%Y-%m-%d}"),
        (_("Due on"), f"{inspection.due_on:%Y-%m-%d}"),
        (_("Completed at"), _when(inspection.completed_at)), (_("Engineer"), ctx["engineer"]),
    ]  # fmt: skip
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), value or "—"
    doc.add_heading(_("Checklist"), level=3)
    lines = doc.add_table(rows=1, cols=5)
    lines.style = "Table Grid"
    for cell, label in zip(lines.rows[0].cells, (_("Section"), _("Check"), _("Reading"), _("Outcome"), _("Note")),
                           strict=True):  # fmt: skip
        cell.text = str(label)
    for row in ctx["rows"]:
        cells = lines.add_row().cells
        for cell, value in zip(cells, (row["section"], row["text"], row["reading"], str(row["outcome"]), row["note"]),
                               strict=True):  # fmt: skip
            cell.text = value
    doc.add_heading(_("Findings"), level=3)
    if ctx["findings"]:
        for finding in ctx["findings"]:
            doc.add_paragraph(
                f"{finding['description']} → {finding['follow_up']}", style="List Bullet"
            )
    else:
        doc.add_paragraph(_("None."))
    doc.add_heading(_("Summary and advice"), level=3)
    doc.add_paragraph(inspection.summary or "—")
    doc.add_heading(_("Signatures"), level=3)
    doc.add_paragraph(f"{_('Engineer')}：{ctx['engineer'] or '—'}")
    signed = (
        f"{inspection.signer_name} · {_when(inspection.signed_at)}" if inspection.signed else "—"
    )
    doc.add_paragraph(f"{_('Signed for the hospital')}：{signed}")
    if inspection.signature:
        with inspection.signature.open("rb") as image:
            doc.add_picture(io.BytesIO(image.read()), width=Mm(50))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""
