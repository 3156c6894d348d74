from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hisops.calendars import periods
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.contracts.selectors import contract_get, contract_list
from hisops.core.capabilities import Cap, Role, require
from hisops.core.forms import REFUSED, on_form
from hisops.core.htmx import htmx_partial
from hisops.core.scoping import visible_hospitals
from hisops.core.selectors import hospital_for_write
from hisops.knowledge.services import document_open

from . import dashboards, selectors, services
from .forms import ReportForm, ScheduleForm

KIND_ICONS = {
    ItemKind.SYSTEM: "bi-grid-3x3-gap",
    ItemKind.MODULE: "bi-puzzle",
    ItemKind.INTERFACE: "bi-arrow-left-right",
    ItemKind.SERVER: "bi-hdd-rack",
    ItemKind.DATABASE: "bi-database",
    ItemKind.NETWORK: "bi-router",
    ItemKind.STORAGE: "bi-hdd-stack",
}


@login_required
def home(request):
    if request.user.role == Role.CLINICIAN:  # a clinician's home is 报修 and 我的报修
        return redirect("tickets:report")
    name = dashboards.dashboard_for(request.user)
    if name:
        board = dashboards.DASHBOARDS[name](request.user)
        return render(
            request, "reports/dashboard.html", {"dashboard": board, "now": timezone.localtime()}
        )
    counts = dict(
        item_queryset(user=request.user).values_list("kind").annotate(n=Count("id")).order_by()
    )
    tiles = [
        (kind, label, counts.get(kind, 0), KIND_ICONS[kind]) for kind, label in ItemKind.choices
    ]
    return render(
        request,
        "reports/home.html",
        {"tiles": tiles, "hospitals": visible_hospitals(request.user)[:20]},
    )


# Periodic service reports --------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    """Ask for a report (kind, period, contract, formats) and see the ones written before."""
    require(request.user, Cap.KPI_VIEW)
    contracts = contract_list(user=request.user)
    vendor_only = bool(getattr(request.user, "is_vendor", False))
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "report")
    form = ReportForm(posted if action == "report" else None, contracts=contracts, vendor_only=vendor_only,
                      initial={"period": periods.containing("month", timezone.localdate()).previous().key})  # fmt: skip
    schedule_form = ScheduleForm(
        posted if action == "schedule" else None, contracts=contracts, vendor_only=vendor_only
    )
    if request.method == "POST":
        require(request.user, Cap.REPORT_GENERATE)
        chosen = form if action == "report" else schedule_form
        if chosen.is_valid():
            data = chosen.cleaned_data
            contract = (
                contract_get(user=request.user, pk=data["contract"]) if data["contract"] else None
            )
            hospital = hospital_for_write(user=request.user)
            if action == "report":
                report = on_form(form, lambda: services.report_request(
                    actor=request.user, hospital=hospital, kind=data["kind"], period=data["period"],
                    contract=contract, formats=data["formats"], advice=data["advice"]))  # fmt: skip
                if report is not REFUSED:
                    return redirect("reports:report_detail", number=report.number)
            elif on_form(schedule_form, lambda: services.report_schedule_create(
                    actor=request.user, hospital=hospital, kind=data["kind"], contract=contract,
                    recipients=schedule_form.addresses(), formats=data["formats"])) is not REFUSED:  # fmt: skip
                messages.success(
                    request, _("Scheduled: it is written and mailed after each period.")
                )
                return redirect("reports:report_list")
    reports = selectors.report_list(user=request.user).prefetch_related("documents")[:50]
    return render(request, "reports/report_list.html", {
        "form": form, "schedule_form": schedule_form, "reports": reports,
        "schedules": selectors.schedule_list(user=request.user),
    })  # fmt: skip


@login_required
def report_detail(request, number):
    """A report's progress (the page asks again every two seconds until it is done) and
    its files."""
    report = selectors.report_get(user=request.user, number=number)
    files = [(d.name.rsplit(".", 1)[-1].lower(), d) for d in report.documents.all()]
    context = {"report": report, "files": files, "running": report.status in ("queued", "running")}
    if htmx_partial(request):
        return render(request, "reports/partials/report_status.html", context)
    return render(request, "reports/report_detail.html", context)


@login_required
def report_download(request, number, fmt):
    document = selectors.report_file(selectors.report_get(user=request.user, number=number), fmt)
    handle = document_open(actor=request.user, document=document)
    return FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )


@login_required
def wallboard(request):
    """运维大屏: what is open now, asking again every minute."""
    require(request.user, Cap.KPI_VIEW)
    context = {"dashboard": dashboards.wallboard(request.user), "now": timezone.localtime()}
    if htmx_partial(request):
        return render(request, "reports/partials/wallboard_body.html", context)
    return render(request, "reports/wallboard.html", context)
