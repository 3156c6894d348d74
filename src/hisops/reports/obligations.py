"""Scheduled service reports are a contract's duty too: a contract with a monthly schedule
owes a report each month. Registered with the obligations of ``inspections`` (which knows
nothing of reports), so the obligations page, the missed-duty notices and the
``obligations_met_rate`` KPI count them like inspections and drills."""

from django.utils.translation import gettext as _

from hisops.calendars import periods
from hisops.inspections.selectors import Obligation, periods_due

from .choices import ReportStatus
from .models import Report, ReportSchedule

CADENCE = {
    "monthly": "monthly",
    "quarterly": "quarterly",
    "annual": "yearly",
    "acceptance": "yearly",
}


def report_obligations(*, user, contract, year: int, first, last, today) -> list[Obligation]:
    """Each active schedule of the contract: one report of its kind per period, done when a
    report of that kind and period was written."""
    written = set(
        Report.objects.filter(contract=contract, status=ReportStatus.DONE).values_list(
            "kind", "period"
        )
    )
    result = []
    for schedule in ReportSchedule.objects.filter(contract=contract, is_active=True).order_by(
        "kind", "id"
    ):

        def done(start, end, kind=schedule.kind) -> int:
            return int((kind, periods.of_dates(start, end).key) in written)

        due = periods_due(
            CADENCE[schedule.kind], year, 1, done, first=first, last=last, today=today
        )
        name = _("%s (scheduled)") % schedule.get_kind_display()
        result.append(Obligation("report", name, CADENCE[schedule.kind], due, "/reports/"))
    return result
