"""Reads of service reports, scoped: vendor staff see only their own contracts' reports."""

from django.db.models import QuerySet

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Report


def report_list(*, user, kind: str = "", contract: int | None = None) -> QuerySet[Report]:
    if not can(user, Cap.KPI_VIEW):
        return Report.objects.none()
    qs = scope_to_user(Report.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    if kind:
        qs = qs.filter(kind=kind)
    if contract:
        qs = qs.filter(contract_id=contract)
    return qs.select_related("contract", "vendor", "requested_by").order_by("-id")


def report_get(*, user, number: str) -> Report:
    report = report_list(user=user).prefetch_related("documents").filter(number=number).first()
    if report is None:
        raise NotFound()
    return report


def report_file(report: Report, fmt: str):
    """The report's filed document in ``fmt`` (docx, xlsx, pdf); 404 if it was not written."""
    document = (
        next((d for d in report.documents.all() if d.name.lower().endswith(f".{fmt}")), None)
        if fmt
        else None
    )
    if document is None:
        raise NotFound()
    return document


def schedule_list(*, user):
    from .models import ReportSchedule

    if not can(user, Cap.REPORT_GENERATE):
        return ReportSchedule.objects.none()
    qs = scope_to_user(ReportSchedule.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    return qs.select_related("contract", "calendar").order_by("kind", "id")
