"""Service desk pages: the queue, a ticket, the staff intake form and the clinicians'
phone report page. Thin: selectors to read, one service call to write."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.accounts.permissions import Cap, can, require
from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.core.errors import DomainError
from hisops.core.masking import mask_text
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .choices import Status
from .models import SLAClock, Ticket


@dataclass
class ClockView:
    clock: SLAClock
    state: str  # breached | at_risk | paused | on_track | met
    minutes_left: int


def clock_state(ticket: Ticket, clock: SLAClock, now: datetime) -> ClockView:
    left = int((clock.due_at - now).total_seconds() // 60)
    if clock.met_at is not None:
        state = "breached" if clock.breached else "met"
    elif ticket.paused_since is not None:
        state = "paused"
    elif clock.breached or left < 0:
        state = "breached"
    elif clock.warned_at is not None:
        state = "at_risk"
    else:
        state = "on_track"
    return ClockView(clock=clock, state=state, minutes_left=left)


def nearest_clock(ticket: Ticket, now: datetime) -> ClockView | None:
    """The running clock due first (prefetched, no query)."""
    running = [c for c in ticket.clocks.all() if c.met_at is None]
    return clock_state(ticket, min(running, key=lambda c: c.due_at), now) if running else None


class QueueFilter(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": gettext_lazy("Number or title")}
        ),
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("Any status")), *Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@login_required
@require_GET
def queue(request):
    require(request.user, Cap.TICKET_VIEW)
    form = QueueFilter(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = Paginator(selectors.ticket_list(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    masked = not selectors.may_see_patient_data(request.user)
    rows = [
        (t, nearest_clock(t, now), mask_text(t.title) if masked else t.title)
        for t in page.object_list
    ]
    return render(request, "tickets/queue.html", {"form": form, "page": page, "rows": rows})


class ActionForm(forms.Form):
    action = forms.CharField(max_length=32)
    reason = forms.CharField(required=False, max_length=200)
    note = forms.CharField(required=False)
    resolution = forms.CharField(required=False)
    level = forms.CharField(required=False, max_length=16)
    review_cause = forms.CharField(required=False)
    review_impact = forms.CharField(required=False)
    review_actions = forms.CharField(required=False)
    satisfaction = forms.IntegerField(required=False, min_value=1, max_value=5)


def allowed_actions(user, ticket: Ticket) -> list[str]:
    actions = [
        a
        for a, (sources, _target, cap) in services.TRANSITIONS.items()
        if ticket.status in sources and can(user, cap, ticket.hospital)
    ]
    if (
        "confirm" in actions
        and not can(user, Cap.TICKET_MANAGE, ticket.hospital)
        and ticket.reporter_id != user.pk
    ):
        actions = [a for a in actions if a not in {"confirm", "reopen"}]
    may_follow_up = can(user, Cap.TICKET_WORK, ticket.hospital) or ticket.reporter_id == user.pk
    return [a for a in actions if a != "followup" or may_follow_up]


@login_required
@require_GET
def ticket_detail(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    now = timezone.now()
    masked = not selectors.may_see_patient_data(request.user)
    return render(
        request,
        "tickets/ticket_detail.html",
        {
            "ticket": ticket,
            "title": mask_text(ticket.title) if masked else ticket.title,
            "description": mask_text(ticket.description) if masked else ticket.description,
            "clocks": [clock_state(ticket, c, now) for c in ticket.clocks.all()],
            "events": ticket.events.select_related("actor"),
            "actions": allowed_actions(request.user, ticket),
            "action_words": services.ACTION_WORDS,
            "levels": list(ticket.contract.levels.all())
            if ticket.contract_id and can(request.user, Cap.TICKET_MANAGE, ticket.hospital)
            else [],
        },
    )


@login_required
@require_POST
def ticket_action(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action could not be read."))
        return redirect("tickets:ticket_detail", number=number)
    data = services.TransitionInput(
        **{k: v for k, v in form.cleaned_data.items() if v or k == "action"}
    )
    try:
        services.ticket_transition(actor=request.user, ticket=ticket, data=data)
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe())
    else:
        messages.success(
            request, _("Done: %s.") % services.ACTION_WORDS.get(data.action, data.action)
        )
    return redirect("tickets:ticket_detail", number=number)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.parent.name} / {item.name}" if item.parent_id else item.name


class ReportForm(forms.Form):
    item = ItemChoiceField(
        label=gettext_lazy("Which system?"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    title = forms.CharField(
        label=gettext_lazy("What is wrong?"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "placeholder": gettext_lazy("e.g. 护士站打印时卡死"),
            }
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    location = forms.CharField(
        label=gettext_lazy("Ward or room"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Call-back number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            item_queryset(user=user)
            .filter(kind__in=[ItemKind.SYSTEM, ItemKind.MODULE], is_active=True)
            .select_related("parent")  # the label names the parent system
            .order_by("kind", "name")
        )


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """报修: a clinician picks the system and says what is wrong, on a phone."""
    require(request.user, Cap.TICKET_CREATE)
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(
                actor=request.user, hospital=hospital_for_write(user=request.user), channel="web",
                department=request.user.department, reporter_name=str(request.user), **form.cleaned_data,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.describe())
        else:
            messages.success(request, _("Reported as %s. We will call you back.") % ticket.number)
            return redirect("tickets:report")
    mine = selectors.ticket_list(user=request.user).filter(reporter=request.user)[:10]
    return render(request, "tickets/report.html", {"form": form, "mine": mine})


@login_required
@require_POST
def ticket_comment(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    try:
        services.ticket_comment(
            actor=request.user, ticket=ticket, text=request.POST.get("text", "")
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe())
    return redirect("tickets:ticket_detail", number=number)
