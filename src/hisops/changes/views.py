"""Change pages: the list, the month calendar with freeze windows, a change's document with
its tests and the steps this viewer may take, and writing or editing the document. Thin:
selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, can, require
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .choices import ChangeStatus
from .forms import (
    ChangeFilter,
    ChangeForm,
    FreezeForm,
    ReasonForm,
    ReleaseForm,
    ReviewForm,
    ScheduleForm,
    TestForm,
)
from .models import DOCUMENT


@login_required
@require_GET
def change_list(request):
    require(request.user, Cap.CHANGE_VIEW)
    form = ChangeFilter(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = Paginator(selectors.change_list(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "changes/change_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def change_calendar(request):
    """The month's changes and freeze windows; the IT admin adds a freeze window here."""
    require(request.user, Cap.CHANGE_VIEW)
    month = selectors.month_of(request.GET.get("month"))
    freeze_form = None
    if can(request.user, Cap.CHANGE_APPROVE) and request.user.hospital_id:
        hospital = hospital_for_write(user=request.user)
        freeze_form = FreezeForm(request.POST or None, user=request.user, hospital=hospital)
        if request.method == "POST" and freeze_form.is_valid():
            done = on_form(freeze_form, lambda: services.freeze_window_create(
                actor=request.user, hospital=hospital, **freeze_form.cleaned_data))  # fmt: skip
            if done is not REFUSED:
                messages.success(request, _("The freeze window is set."))
                return redirect(f"{request.path}?month={month:%Y-%m}")
    return render(request, "changes/calendar.html", {
        **selectors.change_calendar(user=request.user, month=month), "freeze_form": freeze_form,
        "freezes": selectors.freeze_list(user=request.user, since=month),
    })  # fmt: skip


@login_required
@require_POST
def freeze_delete(request, pk: int):
    window = get_object_or_404(selectors.freeze_list(user=request.user), pk=pk)
    run_service(
        request,
        lambda: services.freeze_window_delete(actor=request.user, window=window),
        _("Removed."),
    )
    return redirect("changes:calendar")


@login_required
@require_http_methods(["GET", "POST"])
def change_create(request):
    require(request.user, Cap.CHANGE_SUBMIT)
    hospital = hospital_for_write(user=request.user)
    form = ChangeForm(request.POST or None, user=request.user, hospital=hospital)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        change = on_form(
            form, lambda: services.change_create(actor=request.user, hospital=hospital, **data)
        )
        if change is not REFUSED:
            messages.success(
                request, _("Written as %s. Record the tests, then submit it.") % change.number
            )
            return redirect("changes:change_detail", number=change.number)
    return render(request, "changes/change_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_edit(request, number):
    change = selectors.change_get(user=request.user, number=number)
    initial = {name: getattr(change, name) for name in services.EDITABLE}
    initial["items"] = list(change.items.all())
    form = ChangeForm(
        request.POST or None, user=request.user, hospital=change.hospital, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = data.pop("items")
        done = on_form(
            form,
            lambda: services.change_update(actor=request.user, change=change, items=items, **data),
        )
        if done is not REFUSED:
            messages.success(request, _("Saved."))
            return redirect("changes:change_detail", number=number)
    return render(request, "changes/change_form.html", {"form": form, "change": change})


@login_required
@require_http_methods(["GET", "POST"])
def change_detail(request, number):
    """The document, tests and history, with a form for each step this viewer may take."""
    change = selectors.change_get(user=request.user, number=number)
    items = list(change.items.all())
    forms = {
        "test": TestForm(), "schedule": ScheduleForm(initial={"start": change.planned_start, "end": change.planned_end}),
        "reason": ReasonForm(), "review": ReviewForm(), "release": ReleaseForm(items=items),
    }  # fmt: skip
    if request.method == "POST":
        step = request.POST.get("action", "")
        form, call = _step(request, change, step, items)
        if form is not None:
            forms[_FORM_OF.get(step, "reason")] = form
        done = _("Done: %s.") % services.ACTION_WORDS.get(step, _("test recorded"))
        if call is not None and form is None:
            if run_service(request, call, done):
                return redirect("changes:change_detail", number=number)
        elif call is not None and on_form(form, call) is not REFUSED:
            messages.success(request, done)
            return redirect("changes:change_detail", number=number)
        elif form is not None and form.non_field_errors():
            messages.error(request, " ".join(form.non_field_errors()))
    return render(request, "changes/change_detail.html", {
        "change": change, "items": items, "document": [(label, getattr(change, name)) for name, label in DOCUMENT],
        "tests": change.tests.all(), "history": [
            (e, services.ACTION_WORDS.get(e.action, ""), ChangeStatus(e.to_status).label if e.to_status != e.from_status else "")
            for e in change.events.select_related("actor")
        ],
        "actions": services.allowed_actions(request.user, change), "forms": forms,
        "may_test": services.may_record_test(request.user, change),
        "linked_tickets": change.tickets.all(), "linked_problems": change.problems.all(),
    })  # fmt: skip


_FORM_OF = {"test": "test", "schedule": "schedule", "review": "review", "release": "release"}


def _step(request, change, step, items):
    """The bound form of a posted step and the service call it makes (None when invalid)."""
    actor = request.user
    if step == "test":
        form = TestForm(request.POST, request.FILES)
        if not form.is_valid():
            return form, None
        return form, lambda: services.change_test_record(
            actor=actor, change=change, **form.cleaned_data
        )
    if step not in services.STEPS:
        return None, None
    if step == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return form, None
        data = services.StepInput(**form.cleaned_data)
    elif step == "release":
        form = ReleaseForm(request.POST, items=items)
        if not form.is_valid():
            return form, None
        data = services.StepInput(versions=form.versions())
    elif step == "review":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return form, None
        data = services.StepInput(review=form.cleaned_data["review"])
    elif services.STEPS[step].needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return form, None
        data = services.StepInput(reason=form.cleaned_data["reason"])
    else:
        form, data = None, services.StepInput()
    return form, lambda: services.change_transition(
        actor=actor, change=change, action=step, data=data
    )
