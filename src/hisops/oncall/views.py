"""On-call pages: the roster (with rotation and swaps), my shifts and handovers, the
escalation chain editor, and an escalation to acknowledge. Thin: selectors and services."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.accounts.models import User
from hisops.core.capabilities import Cap, Role, can, require
from hisops.core.errors import DomainError
from hisops.core.forms import add_domain_error, run_service
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .forms import AcknowledgeForm, ChainForm, HandoverForm, RotaForm, SwapForm, form_errors


def _team(request):
    teams = list(selectors.teams(user=request.user))
    wanted = request.GET.get("team") or request.POST.get("team")
    return teams, next((t for t in teams if str(t.pk) == wanted), teams[0] if teams else None)


@login_required
@require_http_methods(["GET", "POST"])
def roster(request):
    require(request.user, Cap.TICKET_VIEW)
    teams, team = _team(request)
    if request.method == "POST" and team is not None:
        what = request.POST.get("form")
        if what == "rotation":
            form = RotaForm(request.POST, team=team)
            if not form.is_valid():
                messages.error(request, form_errors(form))
            else:
                data = form.cleaned_data
                run_service(request, lambda: services.rotation_generate(
                    actor=request.user, team=team, people=list(data["people"]), first_day=data["first_day"],
                    days=data["days"], pattern=data["pattern"] or "day_night"), _("Rota created."))  # fmt: skip
        elif what == "swap":
            form = SwapForm(request.POST, team=team)
            if not form.is_valid():
                messages.error(request, _("Choose the shift and who takes it."))
            else:
                data = form.cleaned_data
                run_service(request, lambda: services.shift_swap(actor=request.user, shift=data["shift"], person=data["person"],
                                                                 reason=data["reason"]), _("Swapped."))  # fmt: skip
        return redirect(f"{request.path}?team={team.pk}")
    shifts = list(selectors.shifts_ahead(team=team)) if team else []
    for shift in shifts:  # 节假日 duty is marked on the roster
        shift.local_day = timezone.localtime(shift.starts_at).date()
    return render(request, "oncall/roster.html", {
        "teams": teams, "team": team,
        "on_duty": services.on_duty(team=team) if team else [],
        "shifts": shifts,
        "holidays": selectors.holidays_between(timezone.localdate(), timezone.localdate() + timedelta(days=15)),
        "members": list(team.members.order_by("username")) if team else [],
        "may_manage": can(request.user, Cap.ONCALL_MANAGE),
        "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """My shifts, handovers to me, and handing over my own duty."""
    require(request.user, Cap.TICKET_VIEW)
    my_teams = list(request.user.teams.filter(is_active=True))
    if request.method == "POST":
        if "acknowledge" in request.POST:
            form = AcknowledgeForm(request.POST, user=request.user)
            if form.is_valid():
                handover = form.cleaned_data["acknowledge"]
                run_service(
                    request,
                    lambda: services.handover_acknowledge(actor=request.user, handover=handover),
                    _("Acknowledged."),
                )
        else:
            form = HandoverForm(request.POST, user=request.user)
            if not form.is_valid():
                messages.error(request, _("Choose the team and the colleague who takes over."))
            else:
                data = form.cleaned_data
                run_service(request, lambda: services.handover_create(actor=request.user, team=data["team"], incoming=data["incoming"],
                                                                      notes=data["notes"]), _("Handed over."))  # fmt: skip
        return redirect("oncall:mine")
    colleagues = (
        User.objects.filter(teams__in=my_teams)
        .exclude(pk=request.user.pk)
        .distinct()
        .order_by("username")
    )
    return render(request, "oncall/mine.html", {
        "shifts": selectors.my_shifts(user=request.user), "handovers": selectors.my_handovers(user=request.user),
        "teams": my_teams, "colleagues": colleagues,
    })  # fmt: skip


def _targets(hospital_id):
    from hisops.accounts.models import Team

    options = [("", "—")]
    options += [
        (f"team:{t.pk}", _("On duty in %s") % t.name)
        for t in Team.objects.filter(hospital_id=hospital_id, is_active=True)
    ]
    options += [
        (f"role:{value}", _("Every %s") % label)
        for value, label in Role.choices
        if value in {"vendor_manager", "it_admin", "leader"}
    ]
    options += [(f"person:{u.pk}", str(u)) for u in User.objects.filter(hospital_id=hospital_id, is_active=True,
                                                                        role__in=["it_admin", "it_engineer", "leader", "vendor_manager"])]  # fmt: skip
    return options


@login_required
@require_http_methods(["GET", "POST"])
def chains(request):
    require(request.user, Cap.ONCALL_MANAGE)
    hospital = hospital_for_write(user=request.user)
    form = ChainForm(request.POST or None)
    targets = _targets(hospital.pk)
    if request.method == "POST" and form.is_valid():
        from hisops.accounts.models import Team

        steps = []
        for n in range(1, 5):
            target = request.POST.get(f"target_{n}", "")
            if not target:
                continue
            kind, _sep, value = target.partition(":")
            step = {"wait_minutes": request.POST.get(f"wait_{n}") or 15}
            if kind == "team":
                step["team"] = Team.objects.filter(hospital=hospital, pk=value).first()
            elif kind == "role":
                step["role"] = value
            else:
                step["person"] = User.objects.filter(hospital=hospital, pk=value).first()
            steps.append(step)
        try:
            services.chain_create(
                actor=request.user, hospital=hospital, steps=steps, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("oncall:chains")
    return render(request, "oncall/chains.html", {"form": form, "chains": selectors.chains(user=request.user),
                                                  "targets": targets, "rows": range(1, 5)})  # fmt: skip


@login_required
@require_GET
def escalation(request, pk):
    item = selectors.escalation_get(user=request.user, pk=pk)
    return render(request, "oncall/escalation.html", {"escalation": item, "may_ack": item.acknowledged_at is None
                                                      and item.notified.filter(pk=request.user.pk).exists()})  # fmt: skip


@login_required
@require_POST
def escalation_acknowledge(request, pk):
    item = selectors.escalation_get(user=request.user, pk=pk)
    run_service(
        request,
        lambda: services.escalation_acknowledge(actor=request.user, escalation=item),
        _("Acknowledged: the chain stops here."),
    )
    return redirect("oncall:escalation", pk=pk)
