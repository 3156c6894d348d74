"""The three files of a service report, laid out from one :class:`~.content.ReportContent`:

- **DOCX**, the copy hospitals edit and exchange: a Word template with the placeholders
  ``{{ title }}``, ``{{ period }}`` and ``{{p body }}`` (and optionally ``{{ hospital }}``,
  ``{{ subject }}``, ``{{ generated_at }}``). HISOps ships a plain one; a hospital may
  upload its own letterhead (docs/reports.md), checked for those placeholders.
- **XLSX**, the data: every table on its own sheet, the KPIs as numbers (rates as
  fractions, formatted as percentages) and native Excel charts of the same data.
- **PDF**, the copy to sign: ``reports/report_pdf.html`` through :mod:`hisops.core.pdf`,
  charts as the same 150-dpi PNG as Word's (drawn once; SVG text drew three times slower). A hospital may override that template in ``HISOPS_HOME/templates``.
"""

import base64
import io

from django.utils.translation import gettext as _

from hisops.core.errors import ValidationError
from hisops.core.pdf import render_pdf
from hisops.evaluations.kpis import KPIS, RATE

from . import charts
from .content import ReportContent

REQUIRED_PLACEHOLDERS = ("title", "period", "body")


def file_name(content: ReportContent, number: str, fmt: str) -> str:
    return f"{number}-{content.period.key}.{fmt}"


def render(content: ReportContent, fmt: str, *, template: bytes | None = None) -> bytes:
    if fmt == "pdf":
        return _pdf(content)
    if fmt == "xlsx":
        return _xlsx(content)
    return _docx(content, template)


def _picture(content: ReportContent, chart) -> bytes:
    """A chart as PNG, drawn once per report for every format that shows it."""
    if chart.key not in content.pictures:
        content.pictures[chart.key] = charts.render(chart, "png")
    return content.pictures[chart.key]


# -- Word -------------------------------------------------------------------------------
def default_template() -> bytes:
    """The shipped Word template: the hospital's name, the title, the period, the body and
    the two signatures, in 宋体."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "SimSun", Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for section in doc.sections:
        section.left_margin = section.right_margin = Mm(20)
    for text, level in (("{{ hospital }}", 1), ("{{ title }}", 2)):
        doc.add_heading(text, level=level).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ period }} · {{ subject }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{p body }}")
    doc.add_heading(_("Signatures"), level=3)
    doc.add_paragraph(_("For the hospital's IT department: ____________  Date: ________"))
    doc.add_paragraph(_("For the vendor: ____________  Date: ________"))
    doc.add_paragraph("{{ generated_at }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template_errors(data: bytes) -> list[str]:
    """What is wrong with a hospital's Word template ([] when it will do)."""
    from docxtpl import DocxTemplate

    try:
        names = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except Exception:
        return [_("This is not a Word (.docx) file HISOps can read.")]
    missing = [name for name in REQUIRED_PLACEHOLDERS if name not in names]
    tags = {"title": "{{ title }}", "period": "{{ period }}", "body": "{{p body }}"}
    return [
        _("The template lacks the placeholder %(tag)s.") % {"tag": tags[name]} for name in missing
    ]


def _docx(content: ReportContent, template: bytes | None) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate

    data = template or default_template()
    errors = template_errors(data)
    if errors:
        raise ValidationError(fields={"template": errors})
    tpl = DocxTemplate(io.BytesIO(data))
    body = tpl.new_subdoc()
    facts = body.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in content.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = str(label), value
    for n, section in enumerate(content.sections, start=1):
        body.add_heading(f"{n}. {section.heading}", level=3)
        for text in section.paragraphs:
            body.add_paragraph(text)
        if section.chart is not None:
            body.add_picture(io.BytesIO(_picture(content, section.chart)), width=Mm(160))
        if section.table is not None:
            table = body.add_table(rows=1, cols=len(section.table.columns))
            table.style = "Table Grid"
            for cell, label in zip(table.rows[0].cells, section.table.columns, strict=True):
                cell.text = str(label)
            for row in section.table.rows:
                for column, (cell, value) in enumerate(
                    zip(table.add_row().cells, row, strict=True)
                ):
                    cell.text = cell_text(section.table, column, value)
    tpl.render({
        "title": content.title, "period": content.period.label, "hospital": content.hospital,
        "subject": content.subject, "body": body,
        "generated_at": _("Generated by HISOps at %s") % f"{content.generated_at.astimezone():%Y-%m-%d %H:%M}",
    })  # fmt: skip
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _is_rate(table, column: int) -> bool:
    return bool(table.units) and table.units[column] == RATE


def cell_text(table, column: int, value) -> str:
    """A table cell as Word and the PDF print it (the spreadsheet keeps the number)."""
    if value is None:
        return "—"
    if _is_rate(table, column) and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    return str(value)


# -- Excel ------------------------------------------------------------------------------
def _xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")
    summary.append([content.title])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in content.facts:
        summary.append([str(label), value])
    data = book.create_sheet(_("KPI data"))
    data.append(
        [_("Key"), _("Measure"), content.period.key, content.period.previous().key, _("Unit")]
    )
    for key, figure in content.kpis.figures.items():
        data.append(
            [key, str(KPIS[key].name), figure.value, content.previous[key].value, KPIS[key].unit]
        )
        if KPIS[key].unit == RATE:
            for column in "CD":
                data[f"{column}{data.max_row}"].number_format = "0.00%"
    for table in content.tables:
        if not table.sheet:
            continue
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append([str(c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rates = [n + 1 for n in range(len(table.columns)) if _is_rate(table, n)]
        for row in table.rows:
            sheet.append(row)
            for column in rates:
                sheet.cell(row=sheet.max_row, column=column).number_format = "0.0%"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column) * 2 + 2
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width))
            for c in column[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
        chart = next((s.chart for s in content.sections if s.table is table and s.chart), None)
        if chart is not None and table.rows:
            _native_chart(sheet, chart, len(table.rows), BarChart, LineChart, Reference)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _native_chart(sheet, chart, rows, BarChart, LineChart, Reference) -> None:
    bars = BarChart()
    bars.title = chart.title
    bars.type = "bar" if chart.horizontal else "col"
    categories = Reference(sheet, min_col=1, min_row=2, max_row=rows + 1)
    columns = [n + 2 for n, s in enumerate(chart.series) if s.kind == "bar"]
    for column in columns:
        bars.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    bars.set_categories(categories)
    lines = [n + 2 for n, s in enumerate(chart.series) if s.kind == "line"]
    if lines:
        line = LineChart()
        for column in lines:
            line.add_data(
                Reference(sheet, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
            )
        line.y_axis.axId = 200
        line.y_axis.crosses = "max"
        line.y_axis.number_format = "0%"
        bars += line
    bars.width, bars.height = 18, 8
    sheet.add_chart(bars, f"{chr(ord('A') + len(chart.series) + 2)}2")


# -- PDF --------------------------------------------------------------------------------
def _pdf(content: ReportContent) -> bytes:
    sections = []
    for n, section in enumerate(content.sections, start=1):
        picture = ""
        if section.chart is not None:
            png = _picture(content, section.chart)
            picture = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        table = section.table
        rows = (
            [[cell_text(table, c, v) for c, v in enumerate(r)] for r in table.rows] if table else []
        )
        sections.append({"number": n, "section": section, "chart": picture, "rows": rows})
    return render_pdf("reports/report_pdf.html", {"content": content, "sections": sections})
