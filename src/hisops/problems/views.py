"""Problem list pages: the list with export, a problem with its incidents, record, update,
and linking an incident from its ticket page. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError
from hisops.core.forms import add_domain_error
from hisops.core.htmx import htmx_partial
from hisops.core.panels import panels_for
from hisops.core.selectors import hospital_for_write
from hisops.tickets.selectors import ticket_get

from . import selectors, services
from .forms import ProblemFilter, ProblemForm, ProblemUpdateForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def problem_list(request):
    require(request.user, Cap.PROBLEM_VIEW)
    form = ProblemFilter(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    problems = selectors.problem_list(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(services.problems_export(problems=problems), content_type=XLSX)
        name = f"problems-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = Paginator(problems, 50).get_page(request.GET.get("page"))
    template = (
        "problems/partials/table.html" if htmx_partial(request) else "problems/problem_list.html"
    )
    return render(request, template, {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request):
    require(request.user, Cap.PROBLEM_MANAGE)
    hospital = hospital_for_write(user=request.user)
    form = ProblemForm(request.POST or None, user=request.user, hospital=hospital)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(
                actor=request.user, hospital=hospital, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Recorded as %s.") % problem.number)
            return redirect("problems:problem_detail", number=problem.number)
    return render(request, "problems/problem_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def problem_detail(request, number):
    problem = selectors.problem_get(user=request.user, number=number)
    may_manage = can(request.user, Cap.PROBLEM_MANAGE, problem.hospital)
    initial = {
        f: getattr(problem, f)
        for f in ("status", "root_cause", "workaround", "fix_due", "conclusion")
    }
    form = ProblemUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, Cap.PROBLEM_MANAGE, problem.hospital)
        if form.is_valid():
            try:
                services.problem_update(actor=request.user, problem=problem, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("problems:problem_detail", number=problem.number)
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "form": form if may_manage else None,
            "links": selectors.problem_incidents(problem=problem),
            "panels": panels_for("problem", user=request.user, obj=problem, name="problem"),
        },
    )


@login_required
@require_POST
def problem_link(request, number):
    """From a ticket's page: link it to a problem (given by number) or unlink it."""
    ticket = ticket_get(user=request.user, number=number)
    try:
        problem = selectors.problem_get(
            user=request.user, number=request.POST.get("problem", "").strip()
        )
        if request.POST.get("unlink"):
            services.problem_unlink(actor=request.user, problem=problem, ticket=ticket)
        else:
            services.problem_link(actor=request.user, problem=problem, ticket=ticket)
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe() if exc.status != 404 else _("No such problem."))
    return redirect("tickets:ticket_detail", number=ticket.number)
