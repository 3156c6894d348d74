"""Check pages: every check with its last result and incident, one check's runs, adding a
check, and running one now. Thin: selectors read, services write."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, can, require
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .forms import CheckForm


@login_required
@require_GET
def check_list(request):
    require(request.user, Cap.CHECK_VIEW)
    failing = request.GET.get("failing") == "1"
    return render(request, "checks/check_list.html", {
        "checks": selectors.check_list(user=request.user, failing=failing), "failing": failing,
        "may_manage": can(request.user, Cap.CHECK_MANAGE),
    })  # fmt: skip


@login_required
@require_GET
def check_detail(request, pk):
    check = selectors.check_get(user=request.user, pk=pk)
    today = timezone.localdate()
    return render(request, "checks/check_detail.html", {
        "check": check, "results": selectors.check_results(check=check),
        "daily": selectors.interface_daily(item=check.item, first=today - timedelta(days=13), last=today),
        "may_manage": can(request.user, Cap.CHECK_MANAGE, check.hospital),
    })  # fmt: skip


@login_required
@require_POST
def check_run(request, pk):
    check = selectors.check_get(user=request.user, pk=pk)
    run_service(request, lambda: services.check_run(actor=request.user, check=check), _("Checked."))
    return redirect("checks:check_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def check_create(request):
    require(request.user, Cap.CHECK_MANAGE)
    hospital = hospital_for_write(user=request.user)
    sources = selectors.source_list(user=request.user).filter(hospital=hospital)
    form = CheckForm(request.POST or None, user=request.user, hospital=hospital, sources=sources)
    if request.method == "POST" and form.is_valid():
        check = on_form(form, lambda: services.check_create(actor=request.user, hospital=hospital,
                                                            **form.cleaned_data))  # fmt: skip
        if check is not REFUSED:
            messages.success(request, _("The check is added; it runs within a minute."))
            return redirect("checks:check_detail", pk=check.pk)
    return render(request, "checks/check_form.html", {"form": form})
