"""The monthly attendance sheet of a contract's resident staff, as .xlsx."""

from calendar import monthrange
from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from hisops.calendars.selectors import working_hours_on

from .models import Attendance, Contract
from .services import onsite_calendar, residents_required

SHORT = PatternFill("solid", fgColor="F8D7DA")


def attendance_workbook(contract: Contract, month: date) -> bytes:
    """One row per working day of the month: who checked in and out, how many were on site
    against how many the contract requires (short days shaded); a sheet per person's
    totals. Days off in the hospital's calendar are listed when someone came anyway."""
    first = month.replace(day=1)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    calendar = onsite_calendar(contract)
    required = residents_required(contract)
    people = sorted(
        {p for role in contract.staffing.filter(resident=True) for p in role.people.all()}, key=str
    )
    rows = Attendance.objects.filter(contract=contract, day__range=(first, last)).select_related(
        "person"
    )
    by_day: dict[date, dict] = {}
    for row in rows:
        by_day.setdefault(row.day, {})[row.person_id] = row
    book = Workbook()
    sheet = book.active
    sheet.title = _("Attendance")
    sheet.append([f"{contract.number} {contract.title}", f"{first:%Y-%m}"])
    header = [_("Day"), _("Working day"), *[str(p) for p in people], _("On site"), _("Required")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    totals = {p.pk: 0 for p in people}
    day = first
    while day <= last:
        working = bool(working_hours_on(calendar, day))
        present = by_day.get(day, {})
        if working or present:
            cells = []
            for person in people:
                row = present.get(person.pk)
                if row:
                    totals[person.pk] += 1
                    out = (
                        timezone.localtime(row.checked_out_at).strftime("%H:%M")
                        if row.checked_out_at
                        else "—"
                    )
                    cells.append(f"{timezone.localtime(row.checked_in_at):%H:%M}-{out}")
                else:
                    cells.append("")
            sheet.append(
                [
                    day.isoformat(),
                    _("yes") if working else _("no"),
                    *cells,
                    len(present),
                    required if working else 0,
                ]
            )
            if working and len(present) < required:
                for cell in sheet[sheet.max_row]:
                    cell.fill = SHORT
        day = date.fromordinal(day.toordinal() + 1)
    summary = book.create_sheet(_("Totals"))
    summary.append([_("Person"), _("Days on site")])
    for person in people:
        summary.append([str(person), totals[person.pk]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
