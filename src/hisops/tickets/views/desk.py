"""The desk: the queue with filters and bulk assignment, a ticket with its timeline,
clocks, files, visits and the actions the user may take."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.accounts.models import User
from hisops.accounts.selectors import teams_for
from hisops.accounts.services import user_preference_set
from hisops.calendars.selectors import business_minutes_between
from hisops.contracts.selectors import holiday_data_gaps, quota_uses_of
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError, ValidationError
from hisops.core.forms import run_service
from hisops.core.htmx import htmx_partial
from hisops.core.i18n import label
from hisops.tickets import selectors, services, sla_state
from hisops.tickets.choices import OPEN_STATUSES, CauseCategory, MaintenanceType, QueueSort, Status
from hisops.tickets.forms import (
    ActionForm,
    AssigneeForm,
    BulkAssignForm,
    CommentForm,
    CorrectForm,
    MergeForm,
    QueueFilter,
    QueueQuery,
)
from hisops.tickets.masking import record_read, shown, text_for
from hisops.tickets.models import SLAClock, Ticket
from hisops.tickets.panels import panels_for
from hisops.tickets.services.lifecycle import QUOTA_OBJECT
from hisops.tickets.templatetags.tickets import clock_badge


@dataclass
class ClockView:
    clock: SLAClock
    state: str  # breached | at_risk | paused | on_track | met (see tickets.sla_state)
    minutes_left: int
    paused_for: int = 0  # paused: working minutes so far, which the due time will move on by
    took: int | None = None  # met: the time it took, on the clock's calendar, pauses excluded


# The actions that ask for input, each with its own partial of fields.
ACTION_FORMS = {
    action: f"tickets/partials/actions/{action}.html"
    for action in ("pause", "contest", "dispatch", "resolve", "cancel", "followup", "review")
}


def clock_state(ticket: Ticket, clock: SLAClock, now: datetime) -> ClockView:
    """One clock's badge on the ticket page; a paused one says how long it has been paused
    (on the clock's own calendar) instead of a due time that will move."""
    left = int((clock.due_at - now).total_seconds() // 60)
    state = sla_state.clock_state(ticket, clock, now)
    paused_for = (
        business_minutes_between(clock.calendar, ticket.paused_since, now)
        if state == "paused"
        else 0
    )
    took = (
        max(
            0,
            business_minutes_between(clock.calendar, ticket.reported_at, clock.met_at)
            - clock.paused_minutes,
        )
        if clock.met_at
        else None
    )
    return ClockView(clock=clock, state=state, minutes_left=left, paused_for=paused_for, took=took)


def nearest_clock(ticket, now: datetime, clocks=None) -> ClockView | None:
    """The queue's badge: the ticket's SLA state (the one the ``sla`` filter selects by)
    with the countdown of its running clock due first (prefetched or given, no query)."""
    clocks = list(ticket.clocks.all()) if clocks is None else clocks
    running = [c for c in clocks if c.met_at is None]
    state = sla_state.ticket_state(ticket, clocks, now)
    if not running or state is None:
        return None
    clock = min(running, key=lambda c: c.due_at)
    return ClockView(
        clock=clock, state=state, minutes_left=int((clock.due_at - now).total_seconds() // 60)
    )


@dataclass(slots=True)
class QueueRow:
    """What a row of the queue shows, as text: built once in Python, so the template only
    prints (choice labels from a per-language table, the badge as HTML)."""

    number: str
    title: str
    covered: bool
    item: str
    department: str
    level: str
    status: str
    badge: str
    assignee: str
    reported_at: datetime


def queue_rows(tickets, user, now: datetime) -> list[QueueRow]:
    """Rows from ``selectors.queue_values`` (one page), with their clocks in one query."""
    tickets = list(tickets)
    clocks = selectors.clocks_of(t.id for t in tickets)
    return [_row(t, clocks[t.id], user, now) for t in tickets]


def _row(t, clocks, user, now: datetime) -> QueueRow:
    return QueueRow(
        number=t.number, title=text_for(user, t.title), covered=t.contract_id is not None,
        item=t.item__name or "", department=t.department__name or "", level=t.level__name or "",
        status=label(Status, t.status), badge=clock_badge(nearest_clock(t, now, clocks)),
        assignee=t.assignee__full_name or t.assignee__username or "", reported_at=t.reported_at,
    )  # fmt: skip


def queue_sort(request) -> str:
    """The order asked for (and remembered for this person), else the one they chose last,
    else their role's: the nearest due clock for those who work tickets, the newest
    report for the others."""
    asked = request.GET.get("sort", "")
    if asked in QueueSort.values:
        user_preference_set(actor=request.user, key="queue_sort", value=asked)
        return asked
    remembered = request.user.preferences.get("queue_sort")
    if remembered in QueueSort.values:
        return remembered
    return QueueSort.DUE if can(request.user, Cap.TICKET_WORK) else QueueSort.REPORTED


@login_required
@require_GET
def queue(request):
    """The queue. An HTMX request (a filter changed, a page turned) gets the rows only; the
    filter bar is built with the whole page."""
    require(request.user, Cap.TICKET_VIEW)
    data = (request.GET or {"status": "open"}).copy()
    data["sort"] = queue_sort(request)
    filters = QueueQuery(data).filters(request.user)
    page = selectors.TicketPaginator(
        selectors.queue_values(selectors.ticket_list(user=request.user, **filters)), 50
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = queue_rows(page.object_list, request.user, now)
    may_assign = can(request.user, Cap.TICKET_MANAGE, request.user.hospital_id)
    context = {"page": page, "rows": rows, "may_assign": may_assign}
    if htmx_partial(request):
        return render(request, "tickets/partials/queue_rows.html", context)
    form = QueueFilter(data, user=request.user)
    assign_form = BulkAssignForm(workers=form.workers, teams=form.teams) if may_assign else None
    return render(request, "tickets/queue.html", {
        **context, "form": form, "assign_form": assign_form,
        "holiday_gaps": holiday_data_gaps(user=request.user) if can(request.user, Cap.CONTRACT_VIEW) else [],
    })  # fmt: skip


@login_required
@require_GET
def ticket_detail(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    record_read(ticket, request.user)
    now = timezone.now()
    user = request.user
    manages = can(user, Cap.TICKET_MANAGE, ticket.hospital)
    actions = services.allowed_actions(user, ticket)
    people = selectors.assignable_people(ticket=ticket) if manages or "dispatch" in actions else []
    clocks = [clock_state(ticket, c, now) for c in ticket.clocks.all()]
    return render(
        request,
        "tickets/ticket_detail.html",
        {
            "ticket": ticket,
            "shown": shown(ticket, user),
            "clocks": clocks,
            "no_clock_reason": "" if clocks else selectors.no_clock_reason(ticket),
            "events": ticket.events.select_related("actor"),
            "actions": actions,
            "action_forms": [
                (a, services.ACTION_WORDS[a], ACTION_FORMS.get(a, "")) for a in actions
            ],
            "cause_categories": CauseCategory.choices,
            "maintenance_types": MaintenanceType.choices,
            "levels": list(ticket.contract.levels.all()) if ticket.contract_id and manages else [],
            "people": people,
            "teams": teams_for(hospital=ticket.hospital, vendor_id=ticket.contract.vendor_id if ticket.contract_id else None) if manages else [],
            "manages": manages,
            "is_open": ticket.status in OPEN_STATUSES,
            "attachments": selectors.ticket_attachments(ticket=ticket),
            "visits": selectors.ticket_visits(ticket=ticket),
            "panels": panels_for(user=user, ticket=ticket),
            "quota_uses": quota_uses_of(object_type=QUOTA_OBJECT, object_id=ticket.pk) if ticket.contract_id else [],
            "may_attach": can(user, Cap.TICKET_WORK, ticket.hospital) or ticket.reporter_id == user.pk,
        },
    )  # fmt: skip


def _run(request, number: str, call, done: str):
    """``run_service``, then back to the ticket (or to ``next`` on our own pages: the
    on-site page posts its check-in and resolution here too)."""
    run_service(request, call, done)
    back = request.POST.get("next", "")
    if back.startswith("/tickets/"):
        return redirect(back)
    return redirect("tickets:ticket_detail", number=number)


@login_required
@require_POST
def ticket_action(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action could not be read."))
        return redirect("tickets:ticket_detail", number=number)
    fields = {k: v for k, v in form.cleaned_data.items() if v or k == "action"}
    engineer_id = fields.pop("engineer", None)
    data = services.TransitionInput(**fields)
    if engineer_id:
        data.engineer = User.objects.filter(hospital_id=ticket.hospital_id, pk=engineer_id).first()
    return _run(
        request, number,
        lambda: services.ticket_transition(actor=request.user, ticket=ticket, data=data),
        _("Done: %s.") % services.ACTION_WORDS.get(data.action, _("the action")),
    )  # fmt: skip


def _person_and_team(hospital_id, post):
    """The person and team a post names, among the hospital's (a wrong id names nobody)."""
    form = AssigneeForm(post, hospital_id=hospital_id)
    form.is_valid()
    return form.cleaned_data.get("assignee"), form.cleaned_data.get("group")


@login_required
@require_POST
def ticket_assign(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    assignee, group = _person_and_team(ticket.hospital_id, request.POST)
    return _run(
        request, number,
        lambda: services.ticket_assign(actor=request.user, ticket=ticket, assignee=assignee, group=group),
        _("Assigned."),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def ticket_correct(request, number):
    """The correction form (GET: the fragment the ticket page loads when it is opened), and
    its post."""
    ticket = selectors.ticket_get(user=request.user, number=number)
    if request.method == "GET":
        require(request.user, Cap.TICKET_MANAGE, ticket.hospital)
        return render(
            request,
            "tickets/partials/correct_form.html",
            {"ticket": ticket, "form": CorrectForm(ticket=ticket)},
        )
    form = CorrectForm(request.POST, ticket=ticket)

    def correct():
        if not form.is_valid():
            raise ValidationError(fields=form.errors)
        services.ticket_correct(
            actor=request.user, ticket=ticket, reason=form.cleaned_data["reason"], **form.changes()
        )

    return _run(request, number, correct, _("Corrected."))


@login_required
@require_POST
def ticket_merge(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)

    form = MergeForm(request.POST)

    def merge():
        if not form.is_valid():
            raise ValidationError(fields=form.errors)
        into_number = form.cleaned_data["into"].strip()
        into = selectors.ticket_queryset(user=request.user).filter(number=into_number).first()
        if into is None:
            raise ValidationError(fields={"into": [_("No such ticket: %s.") % into_number]})
        services.ticket_merge(
            actor=request.user, ticket=ticket, into=into, note=form.cleaned_data["note"]
        )

    return _run(request, number, merge, _("Merged."))


@login_required
@require_POST
def bulk_assign(request):
    """Assign the tickets ticked in the queue: all of them, or none with the reason."""
    require(request.user, Cap.TICKET_MANAGE)
    numbers = request.POST.getlist("numbers")[:500]
    tickets = list(
        selectors.ticket_queryset(user=request.user)
        .filter(number__in=numbers)
        .select_related("contract")
    )
    assignee, group = _person_and_team(request.user.hospital_id, request.POST)
    try:
        count = services.tickets_bulk_assign(
            actor=request.user, tickets=tickets, assignee=assignee, group=group
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe())
    else:
        messages.success(request, _("%d tickets assigned.") % count)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/tickets/") else "tickets:queue")


@login_required
@require_POST
def ticket_comment(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    form = CommentForm(request.POST)

    def comment():
        if not form.is_valid():
            raise ValidationError(fields=form.errors)
        services.ticket_comment(actor=request.user, ticket=ticket, text=form.cleaned_data["text"])

    return _run(request, number, comment, _("Posted."))
