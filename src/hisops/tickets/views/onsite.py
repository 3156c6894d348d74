"""On-site work on the engineer's phone: the assigned list, arrival check-in, the work
record, the signer's signature on the screen, and the A4 repair sheet (维修单)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hisops.core.capabilities import Cap, require
from hisops.core.forms import run_service
from hisops.core.signatures import decode_signature
from hisops.tickets import selectors, services
from hisops.tickets.choices import CauseCategory, Status
from hisops.tickets.forms import WorkForm
from hisops.tickets.masking import callback_number, shown, text_for
from hisops.tickets.views.desk import clock_state, nearest_clock


@login_required
@require_GET
def onsite_list(request):
    require(request.user, Cap.TICKET_WORK)
    now = timezone.now()
    tickets = list(selectors.onsite_work(user=request.user)[:100])
    rows = [(t, nearest_clock(t, now), text_for(request.user, t.title)) for t in tickets]
    return render(request, "tickets/onsite_list.html", {"rows": rows})


@login_required
@require_GET
def onsite_ticket(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    require(request.user, Cap.TICKET_WORK, ticket.hospital)
    visits = list(selectors.ticket_visits(ticket=ticket))
    visit = next((v for v in reversed(visits) if v.arrived_at), visits[-1] if visits else None)
    now = timezone.now()
    visible = shown(ticket, request.user)
    return render(
        request,
        "tickets/onsite_ticket.html",
        {
            "ticket": ticket,
            "shown": visible,
            # The ward's call-back number: the engineer sent there needs it; other vendor
            # staff see it masked, as everywhere.
            "phone": callback_number(ticket, request.user, dispatched=any(v.engineer_id == request.user.pk for v in visits)),
            "visit": visit,
            "photos": [a for a in selectors.ticket_attachments(ticket=ticket) if a.content_type.startswith("image/")],
            "clocks": [clock_state(ticket, c, now) for c in ticket.clocks.all() if c.met_at is None],
            "actions": services.allowed_actions(request.user, ticket),
            "work_form": WorkForm(initial={"work_done": visit.work_done, "minutes_spent": visit.minutes_spent, "parts": visit.parts} if visit else None),
            "cause_categories": CauseCategory.choices,
            "may_resolve": ticket.status in {Status.ARRIVED, Status.SOLUTION_PROPOSED, Status.IN_PROGRESS},
        },
    )  # fmt: skip


def _back(number):
    return redirect("tickets:onsite_ticket", number=number)


@login_required
@require_POST
def visit_work(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    form = WorkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(" ".join(e) for e in form.errors.values()))
    else:
        run_service(
            request,
            lambda: services.visit_record_work(
                actor=request.user, ticket=ticket, **form.cleaned_data
            ),
            _("Work record saved."),
        )
    return _back(number)


@login_required
@require_POST
def visit_sign(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)

    def sign():
        image = decode_signature(request.POST.get("signature", ""))
        signer = request.POST.get("signer_name", "")
        services.visit_sign(actor=request.user, ticket=ticket, signer_name=signer, image=image)

    run_service(request, sign, _("Signed. The repair sheet is ready to print."))
    return _back(number)


@login_required
@require_GET
def repair_sheet(request, number):
    """The A4 repair sheet: print from the browser (print CSS) or save as PDF."""
    ticket = selectors.ticket_get(user=request.user, number=number)
    return render(
        request,
        "tickets/repair_sheet.html",
        {
            "ticket": ticket,
            "shown": shown(ticket, request.user),
            "visits": selectors.ticket_visits(ticket=ticket),
            "printed_at": timezone.now(),
        },
    )
