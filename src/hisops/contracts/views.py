"""Contract pages: the list, and a contract with its SLA matrix, calculator and quotas."""

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.audit.services import audit_record
from hisops.calendars import selectors as calendars
from hisops.catalog.selectors import item_list
from hisops.contracts import selectors, services
from hisops.contracts.choices import Target
from hisops.contracts.exporting import attendance_workbook
from hisops.contracts.forms import CalculatorForm, LevelMapForm, TargetForm, TemplateLoadForm
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError, PermissionDenied, ValidationError
from hisops.core.forms import add_domain_error, run_service


def _matrix(contract) -> list[dict]:
    rows = []
    for level in contract.levels.all():
        cells = {t.target: t for t in level.targets.all()}
        rows.append(
            {"level": level, "cells": [(code, cells.get(code)) for code, _label in Target.choices]}
        )
    return rows


def _matrix_context(request, contract, form=None) -> dict:
    return {
        "contract": contract,
        "matrix": _matrix(contract),
        "targets": Target.choices,
        "may_edit": can(request.user, Cap.CONTRACT_MANAGE, contract.hospital),
        "target_form": form or TargetForm(contract=contract, user=request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def contract_list(request):
    require(request.user, Cap.CONTRACT_VIEW)
    if request.method == "POST":
        require(request.user, Cap.CONTRACT_MANAGE)
    form = (
        TemplateLoadForm(request.POST or None, user=request.user)
        if can(request.user, Cap.CONTRACT_MANAGE)
        else None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        vendor = data.pop("vendor")
        try:
            contract = services.contract_template_load(
                actor=request.user, hospital=vendor.hospital, vendor=vendor, **data
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("contracts:contract_detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_list.html",
        {
            "contracts": selectors.contract_list(user=request.user),
            "form": form,
            "holiday_gaps": selectors.holiday_data_gaps(user=request.user),
            # The CMDB items no contract in force covers: tickets on them have no clocks.
            "uncovered": item_list(user=request.user, covered=False).count(),
        },
    )


@login_required
@require_GET
def contract_detail(request, pk):
    contract = selectors.contract_get(user=request.user, pk=pk)
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    context = _matrix_context(request, contract)
    context.update(
        calculator=CalculatorForm(
            contract=contract, initial={"start": now, "target": Target.RESPONSE}
        ),
        quotas=selectors.quota_states(contract, timezone.localdate()),
        service_items=list(contract.service_items.all()),
        covered=list(contract.covered_items.all().order_by("code")),
        level_map=LevelMapForm(contract=contract) if context["may_edit"] else None,
        staffing=list(contract.staffing.prefetch_related("people")),
        present_today=selectors.present_on(contract, timezone.localdate()),
        certificates=selectors.certificate_states(contract, timezone.localdate()),
    )
    return render(request, "contracts/contract_detail.html", context)


@login_required
@require_POST
def contract_level_map(request, pk):
    contract = selectors.contract_get(user=request.user, pk=pk)
    form = LevelMapForm(request.POST, contract=contract)

    def save():
        if not form.is_valid():
            raise ValidationError(fields=form.errors)
        services.contract_level_map_set(
            actor=request.user, contract=contract,
            default_level=form.cleaned_data["default_level"], impacts=form.impacts(),
        )  # fmt: skip

    run_service(request, save, _("Saved."))
    return redirect("contracts:contract_detail", pk=pk)


@login_required
@require_POST
def contract_target(request, pk):
    """Set (or, with no duration, clear) one cell of the matrix; answers the matrix."""
    contract = selectors.contract_get(user=request.user, pk=pk)
    require(request.user, Cap.CONTRACT_MANAGE, contract.hospital)
    form = TargetForm(request.POST, contract=contract, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        level = next(lv for lv in contract.levels.all() if lv.code == data["level"])
        try:
            if data["duration"] is None:
                services.sla_target_clear(actor=request.user, level=level, target=data["target"])
            else:
                calendar = calendars.calendar_get(user=request.user, code=data["calendar"])
                services.sla_target_set(
                    actor=request.user, level=level, target=data["target"], duration=data["duration"],
                    unit=data["unit"], calendar=calendar, immediate=data["immediate"],
                )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            contract = selectors.contract_get(user=request.user, pk=pk)
            form = None
    return render(
        request, "contracts/partials/matrix.html", _matrix_context(request, contract, form)
    )


@login_required
@require_POST
def contract_deadline(request, pk):
    contract = selectors.contract_get(user=request.user, pk=pk)
    form = CalculatorForm(request.POST, contract=contract)
    result = error = None
    if form.is_valid():
        level = next(lv for lv in contract.levels.all() if lv.code == form.cleaned_data["level"])
        cell = next(
            (t for t in level.targets.all() if t.target == form.cleaned_data["target"]), None
        )
        if cell is None:
            error = _("This level has no such target.")
        else:
            start = (
                form.cleaned_data["start"]
                .replace(tzinfo=None)
                .replace(tzinfo=ZoneInfo(cell.calendar.time_zone))
            )
            result = calendars.deadline(cell.calendar, start, cell.duration, cell.unit)
            result = {"deadline": result, "cell": cell}
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(request, "contracts/partials/deadline.html", {"result": result, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request):
    """驻场签到 on the resident engineer's phone: check in when the day starts, out when it
    ends; this month's days below."""
    today = timezone.localdate()
    if request.method == "POST":
        call = (
            services.attendance_check_in
            if request.POST.get("action") == "in"
            else services.attendance_check_out
        )
        done = _("Checked in.") if request.POST.get("action") == "in" else _("Checked out.")
        run_service(request, lambda: call(actor=request.user), done)
        return redirect("contracts:attendance")
    contract = services.resident_contract(request.user, today)
    days = selectors.attendance_of(
        person=request.user, contract=contract, since=today.replace(day=1)
    )
    return render(request, "contracts/attendance.html", {
        "contract": contract, "days": days, "today_row": next((d for d in days if d.day == today), None),
    })  # fmt: skip


@login_required
@require_GET
def attendance_sheet(request, pk):
    """The month's attendance sheet (``?month=2026-12``; default this month), as .xlsx."""
    contract = selectors.contract_get(user=request.user, pk=pk)
    raw = request.GET.get("month", "")
    try:
        month = date.fromisoformat(f"{raw}-01") if raw else timezone.localdate().replace(day=1)
    except ValueError:
        month = timezone.localdate().replace(day=1)
    audit_record(actor=request.user, action="contracts.attendance.export", obj=contract,
                 changes={"month": [None, f"{month:%Y-%m}"]})  # fmt: skip
    response = HttpResponse(
        attendance_workbook(contract, month),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{contract.number}-{month:%Y-%m}.xlsx"'
    )
    return response
