"""报修: the clinicians' phone page — pick the system, say what is wrong, attach a photo —
and their own tickets, which they confirm and rate from here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hisops.core.capabilities import Cap, require
from hisops.core.errors import DomainError
from hisops.core.forms import add_domain_error
from hisops.core.panels import panels_for
from hisops.core.selectors import hospital_for_write
from hisops.tickets import selectors, services
from hisops.tickets.forms import IntakeForm, ReportForm
from hisops.tickets.masking import shown


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """报修: a clinician picks the system and says what is wrong, on a phone."""
    require(request.user, Cap.TICKET_CREATE)
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            photo = fields.pop("photo")
            ticket = services.ticket_create(
                actor=request.user, hospital=hospital_for_write(user=request.user), channel="web",
                department=request.user.department, reporter_name=str(request.user),
                attachments=[photo] if photo else [], **fields,
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Reported as %s. We will call you back.") % ticket.number)
            return redirect("tickets:report")
    mine = selectors.ticket_list(user=request.user).filter(reporter=request.user)[:20]
    return render(request, "tickets/report.html", {
        "form": form, "mine": mine, "panels": panels_for("report", user=request.user, obj=form, name="form"),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """The hotline's form: IT staff take a call and open the ticket with its call log."""
    require(request.user, Cap.TICKET_MANAGE)
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(
                actor=request.user,
                hospital=hospital_for_write(user=request.user),
                **form.cleaned_data,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Opened %s.") % ticket.number)
            return redirect("tickets:ticket_detail", number=ticket.number)
    return render(request, "tickets/intake.html", {"form": form})


@login_required
@require_GET
def ticket_confirm_page(request, number):
    """Where the "fixed, please confirm" notification leads: the resolution, and one tap
    to confirm it (or say it is not fixed); then the rating. The buttons post to the
    ticket's action endpoint, which applies the same rules as everywhere."""
    ticket = selectors.ticket_get(user=request.user, number=number)
    actions = services.allowed_actions(request.user, ticket)
    if not {"confirm", "reopen", "followup"} & set(actions):
        return redirect("tickets:ticket_detail", number=number)
    return render(
        request,
        "tickets/confirm.html",
        {"ticket": ticket, "shown": shown(ticket, request.user), "actions": actions},
    )
