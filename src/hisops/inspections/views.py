"""Inspection pages: the list of what is due, an inspection done line by line on a phone
(readings, photos, findings), completed, signed on the screen by the hospital, and its
report; plans with their year; checklist templates. Thin: selectors read, services write."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.htmx import htmx_partial
from hisops.core.selectors import hospital_for_write
from hisops.core.signatures import decode_signature

from . import selectors, services
from .choices import OPEN_STATUSES, SUBKIND_LABELS, InspectionStatus
from .forms import (
    ActionItemForm,
    ActivityRecordForm,
    CancelForm,
    CompleteForm,
    FindingForm,
    GenerateForm,
    InspectionFilter,
    PlanForm,
)

S = InspectionStatus


@login_required
@require_GET
def inspection_list(request):
    require(request.user, Cap.INSPECTION_VIEW)
    form = InspectionFilter(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    if not request.GET:
        filters = {"open_only": True}
    page = Paginator(selectors.inspection_list(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "inspections/inspection_list.html",
                  {"form": form, "page": page, "today": timezone.localdate(), "open_only": not request.GET})  # fmt: skip


def _detail_context(request, inspection) -> dict:
    user = request.user
    may_work = (
        inspection.status in OPEN_STATUSES
        and can(user, Cap.INSPECTION_WORK, inspection.hospital)
        and (not user.is_vendor or inspection.contract.vendor_id == user.vendor_id)
    )
    return {
        "inspection": inspection,
        "results": selectors.inspection_results(inspection=inspection),
        "findings": selectors.inspection_findings(inspection=inspection),
        "may_work": may_work,
        "may_sign": inspection.status == S.COMPLETED
        and can(user, Cap.INSPECTION_SIGN, inspection.hospital),
        "may_cancel": inspection.status in OPEN_STATUSES
        and can(user, Cap.INSPECTION_MANAGE, inspection.hospital),
        "finding_form": FindingForm(),
        "complete_form": CompleteForm(initial={"summary": inspection.summary}),
        "cancel_form": CancelForm(),
    }


@login_required
@require_GET
def inspection_detail(request, number):
    inspection = selectors.inspection_get(user=request.user, number=number)
    return render(
        request, "inspections/inspection_detail.html", _detail_context(request, inspection)
    )


def _back(number, anchor=""):
    return redirect(reverse("inspections:inspection_detail", args=[number]) + anchor)


@login_required
@require_POST
def inspection_record(request, number, pk):
    """One line's reading from its card; on a phone page the card alone is swapped (HTMX)."""
    inspection = selectors.inspection_get(user=request.user, number=number)
    line = get_object_or_404(inspection.results.all(), pk=pk)
    error = ""
    try:
        services.inspection_record(actor=request.user, inspection=inspection, result=line,
                                   value=request.POST.get("value", ""), note=request.POST.get("note", ""),
                                   photo=request.FILES.get("photo"))  # fmt: skip
    except DomainError as exc:
        if exc.status == 403:
            raise
        error = " ".join(m for msgs in exc.fields.values() for m in msgs) or exc.message
    if htmx_partial(request):
        inspection = selectors.inspection_get(user=request.user, number=number)
        result = next(
            r for r in selectors.inspection_results(inspection=inspection) if r.pk == line.pk
        )
        return render(request, "inspections/partials/line.html",
                      {"inspection": inspection, "r": result, "may_work": True, "error": error})  # fmt: skip
    if error:
        messages.error(request, error)
    return _back(number, f"#line-{pk}")


@login_required
@require_GET
def result_photo(request, number, pk):
    inspection = selectors.inspection_get(user=request.user, number=number)
    line = get_object_or_404(inspection.results.exclude(photo=""), pk=pk)
    return FileResponse(line.photo.open("rb"), content_type="image/jpeg" if line.photo.name.lower().endswith(
        (".jpg", ".jpeg")) else "image/png")  # fmt: skip


@login_required
@require_POST
def finding_open(request, number):
    inspection = selectors.inspection_get(user=request.user, number=number)
    form = FindingForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: services.finding_open(actor=request.user, inspection=inspection,
                                                           **form.cleaned_data), _("The finding is followed up."))  # fmt: skip
    else:
        messages.error(request, _("Describe what was found."))
    return _back(number, "#findings")


@login_required
@require_POST
def inspection_complete(request, number):
    inspection = selectors.inspection_get(user=request.user, number=number)
    run_service(request, lambda: services.inspection_complete(
        actor=request.user, inspection=inspection, summary=request.POST.get("summary", "")),
        _("Completed. The hospital signs next."))  # fmt: skip
    return _back(number)


@login_required
@require_POST
def inspection_sign(request, number):
    inspection = selectors.inspection_get(user=request.user, number=number)

    def sign():
        image = decode_signature(request.POST.get("signature", ""))
        services.inspection_sign(actor=request.user, inspection=inspection, image=image,
                                 signer_name=request.POST.get("signer_name", ""))  # fmt: skip

    run_service(request, sign, _("Signed. The report is filed in the document archive."))
    return _back(number)


@login_required
@require_POST
def inspection_cancel(request, number):
    inspection = selectors.inspection_get(user=request.user, number=number)
    run_service(request, lambda: services.inspection_cancel(
        actor=request.user, inspection=inspection, reason=request.POST.get("reason", "")), _("Cancelled."))  # fmt: skip
    return _back(number)


@login_required
@require_GET
def inspection_report(request, number, fmt):
    inspection = selectors.inspection_get(user=request.user, number=number)
    content, name, content_type = services.inspection_report_file(actor=request.user, inspection=inspection,
                                                                  fmt=fmt)  # fmt: skip
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# Plans and templates --------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    require(request.user, Cap.INSPECTION_VIEW)
    return render(
        request, "inspections/plan_list.html", {"plans": selectors.plan_list(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require(request.user, Cap.INSPECTION_MANAGE)
    hospital = hospital_for_write(user=request.user)
    templates = selectors.template_list(user=request.user).filter(hospital=hospital, is_active=True)
    form = PlanForm(request.POST or None, user=request.user, hospital=hospital, templates=templates)
    if request.method == "POST" and form.is_valid():
        plan = on_form(form, lambda: services.inspection_plan_create(
            actor=request.user, hospital=hospital, **form.cleaned_data))  # fmt: skip
        if plan is not REFUSED:
            messages.success(request, _("The plan is saved. Generate its year next."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    year = timezone.localdate().year
    form = GenerateForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        result = on_form(form, lambda: services.inspection_plan_generate(
            actor=request.user, plan=plan, year=form.cleaned_data["year"]))  # fmt: skip
        if result is not REFUSED:
            messages.success(request, _("%(created)d inspections planned (%(existing)d were already planned).")
                             % {"created": len(result.created), "existing": result.existing})  # fmt: skip
            if result.holiday_data_missing:
                messages.warning(request, _("That year's statutory holidays are not loaded: dates follow ordinary "
                                            "weeks until they are."))  # fmt: skip
            return redirect("inspections:plan_detail", pk=plan.pk)
    inspections = selectors.inspection_list(user=request.user, plan=plan.pk)
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "form": form, "inspections": inspections,
        "may_manage": can(request.user, Cap.INSPECTION_MANAGE, plan.hospital),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    require(request.user, Cap.INSPECTION_VIEW)
    if request.method == "POST":
        hospital = hospital_for_write(user=request.user)
        run_service(request, lambda: services.inspection_templates_install(actor=request.user, hospital=hospital),
                    _("The tenders' checklists are installed."))  # fmt: skip
        return redirect("inspections:template_list")
    return render(request, "inspections/template_list.html", {
        "templates": selectors.template_list(user=request.user),
        "may_manage": can(request.user, Cap.INSPECTION_MANAGE),
    })  # fmt: skip


@login_required
@require_GET
def template_detail(request, pk):
    template = selectors.template_get(user=request.user, pk=pk)
    return render(
        request,
        "inspections/template_detail.html",
        {"template": template, "lines": template.lines.all()},
    )


# Activities, obligations, data quality ----------------------------------------------------


@login_required
@require_GET
def activity_list(request):
    require(request.user, Cap.INSPECTION_VIEW)
    year = (
        int(request.GET["year"])
        if request.GET.get("year", "").isdigit()
        else timezone.localdate().year
    )
    activities = selectors.activity_list(
        user=request.user, kind=request.GET.get("kind", ""), year=year
    )
    return render(request, "inspections/activity_list.html", {"activities": activities, "year": year,
                                                              "kind": request.GET.get("kind", "")})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, number):
    activity = selectors.activity_get(user=request.user, number=number)
    drill = activity.kind == "drill"
    form = ActivityRecordForm(request.POST or None, request.FILES or None, drill=drill,
                              initial={"done_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and request.POST.get("action") == "record" and form.is_valid():
        done = on_form(form, lambda: services.activity_record(actor=request.user, activity=activity,
                                                              **form.service_fields()))  # fmt: skip
        if done is not REFUSED:
            messages.success(request, _("Recorded."))
            return redirect("inspections:activity_detail", number=number)
    if request.method == "POST" and request.POST.get("action") == "action_item":
        run_service(request, lambda: services.activity_action_item(
            actor=request.user, activity=activity, text=request.POST.get("text", "")), _("The action item is a ticket now."))  # fmt: skip
        return redirect("inspections:activity_detail", number=number)
    may_record = activity.status == "planned" and can(request.user, Cap.INSPECTION_WORK, activity.hospital) and (
        not request.user.is_vendor or (activity.contract and activity.contract.vendor_id == request.user.vendor_id))  # fmt: skip
    return render(request, "inspections/activity_detail.html", {
        "activity": activity, "form": form if may_record else None, "action_form": ActionItemForm(),
        "subkind": SUBKIND_LABELS.get(activity.subkind, activity.subkind), "tickets": activity.tickets.all(),
        "documents": activity.documents.all(), "may_work": can(request.user, Cap.INSPECTION_WORK, activity.hospital),
    })  # fmt: skip


@login_required
@require_GET
def obligation_page(request):
    """One contract's duties for a year (period by period), or, without a contract, the
    hospital's overview: each active contract with what it required, did and missed."""
    from hisops.contracts.selectors import contract_get, contract_list

    require(request.user, Cap.INSPECTION_VIEW)
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    contract_id = request.GET.get("contract", "")
    if contract_id.isdigit():
        contract = contract_get(user=request.user, pk=int(contract_id))
        duties = selectors.obligation_list(
            user=request.user, contract=contract, year=year, today=today
        )
        return render(
            request,
            "inspections/obligations.html",
            {"contract": contract, "duties": duties, "year": year},
        )
    rows = []
    for contract in contract_list(user=request.user).filter(
        starts_on__year__lte=year, ends_on__year__gte=year
    ):
        duties = selectors.obligation_list(
            user=request.user, contract=contract, year=year, today=today
        )
        rows.append({"contract": contract, "required": sum(d.required for d in duties),
                     "done": sum(d.done for d in duties), "missed": sum(len(d.missed_periods) for d in duties)})  # fmt: skip
    return render(request, "inspections/obligations_overview.html", {"rows": rows, "year": year})


@login_required
@require_GET
def quality_report(request):
    require(request.user, Cap.INSPECTION_VIEW)
    today = timezone.localdate()
    try:
        month = date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        month = today.replace(day=1)
    rows = selectors.quality_month(user=request.user, month=month)
    return render(request, "inspections/quality.html", {"rows": rows, "month": month})
