"""Evaluation pages: the rounds and their results, the score sheet (a clinician's
satisfaction survey on a phone is the same page), and the acceptance scorecards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hisops.accounts.models import User
from hisops.accounts.selectors import vendor_list
from hisops.contracts.selectors import contract_get, contract_list
from hisops.core.capabilities import Cap, Role, can, require
from hisops.core.errors import DomainError
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.scoping import scope_to_user
from hisops.core.selectors import hospital_for_write
from hisops.core.signatures import decode_signature

from . import selectors, services
from .forms import RoundForm, ScorecardForm
from .models import EvaluationTemplate


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    """The rounds one manages, scores in or is scored in; for managers, a new round, the
    shipped templates, and the acceptance scorecards."""
    user = request.user
    manager = can(user, Cap.EVALUATION_MANAGE)
    rounds = selectors.round_list(user=user)
    if not manager and not rounds.exists() and not can(user, Cap.KPI_VIEW):
        require(user, Cap.EVALUATION_MANAGE)  # nothing to show: a 403, not an empty page
    form = scorecard_form = None
    if manager:
        hospital = hospital_for_write(user=user)
        templates = EvaluationTemplate.objects.filter(hospital=hospital, is_active=True).order_by(
            "code"
        )
        people = scope_to_user(
            User.objects.filter(is_active=True, role__in=[Role.IT_ADMIN, Role.IT_ENGINEER]), user
        )
        form = RoundForm(request.POST if request.POST.get("action") == "round" else None, templates=templates,
                         vendors=vendor_list(user=user).filter(is_active=True), people=people)  # fmt: skip
        scorecard_form = ScorecardForm(request.POST if request.POST.get("action") == "scorecard" else None,
                                       contracts=contract_list(user=user))  # fmt: skip
        if request.POST.get("action") == "install":
            run_service(request, lambda: services.evaluation_templates_install(actor=user, hospital=hospital),
                        _("The shipped templates are installed."))  # fmt: skip
            return redirect("evaluations:round_list")
        if request.POST.get("action") == "round" and form.is_valid():
            data = form.cleaned_data
            made = on_form(form, lambda: services.evaluation_round_create(
                actor=user, hospital=hospital, template=templates.get(pk=data["template"]), title=data["title"],
                period=data["period"], evaluator_roles=data["evaluator_roles"],
                vendors=vendor_list(user=user).filter(pk__in=data["vendors"]), people=people.filter(pk__in=data["people"])))  # fmt: skip
            if made is not REFUSED:
                return redirect("evaluations:round_detail", pk=made.pk)
        if request.POST.get("action") == "scorecard" and scorecard_form.is_valid():
            contract = contract_get(user=user, pk=scorecard_form.cleaned_data["contract"])
            year = contract.years.filter(number=scorecard_form.cleaned_data["year"]).first()
            if year is None:
                scorecard_form.add_error("year", _("The contract has no such year."))
            else:
                card = on_form(
                    scorecard_form,
                    lambda: services.scorecard_draw(actor=user, contract=contract, year=year),
                )
                if card is not REFUSED:
                    return redirect("evaluations:scorecard_detail", pk=card.pk)
    return render(request, "evaluations/round_list.html", {
        "rounds": rounds, "form": form, "scorecard_form": scorecard_form, "manager": manager,
        "scorecards": selectors.scorecard_list(user=user)[:50],
    })  # fmt: skip


@login_required
def round_detail(request, pk):
    round_ = selectors.round_get(user=request.user, pk=pk)
    results = (
        selectors.round_results(user=request.user, round=round_)
        if can(request.user, Cap.KPI_VIEW)
        else []
    )
    scorer = services.may_score(request.user, round_)
    done = set()
    if scorer:
        done = {(v, p) for v, p in round_.evaluations.filter(evaluator=request.user, superseded_by__isnull=True)
                .values_list("vendor_id", "person_id")}  # fmt: skip
    subjects = [("vendor", v.pk, v.name, (v.pk, None) in done) for v in round_.vendors.all()] + [
        ("person", p.pk, p.get_full_name() or p.username, (None, p.pk) in done)
        for p in round_.people.all() if p.pk != request.user.pk
    ]  # fmt: skip
    if getattr(request.user, "is_vendor", False):
        subjects = [
            s for s in subjects if not (s[0] == "vendor" and s[1] == request.user.vendor_id)
        ]
    return render(request, "evaluations/round_detail.html", {
        "round": round_, "results": results, "criteria": list(round_.template.criteria.all()), "scorer": scorer,
        "subjects": subjects, "manager": can(request.user, Cap.EVALUATION_MANAGE),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk, kind, subject):
    """One score sheet: a row of choices per criterion, big enough for a thumb."""
    round_ = selectors.round_get(user=request.user, pk=pk)
    if kind not in ("vendor", "person"):
        raise Http404
    target = (round_.vendors if kind == "vendor" else round_.people).filter(pk=subject).first()
    if target is None:
        raise Http404
    criteria = list(round_.template.criteria.all())
    errors = []
    if request.method == "POST":
        scores = {c.pk: {"score": request.POST.get(f"c{c.pk}"), "comment": request.POST.get(f"n{c.pk}", "")}
                  for c in criteria}  # fmt: skip
        try:
            services.evaluation_submit(actor=request.user, round=round_, scores=scores, comment=request.POST.get("comment", ""),
                                       **{kind: target})  # fmt: skip
        except DomainError as refused:
            if refused.status == 403:
                raise
            errors = [m for messages_ in refused.fields.values() for m in messages_] or [
                refused.message
            ]
        else:
            messages.success(request, _("Thank you: your evaluation is recorded."))
            return redirect("evaluations:round_detail", pk=round_.pk)
    label = target.name if kind == "vendor" else (target.get_full_name() or target.username)
    return render(request, "evaluations/score.html", {"round": round_, "criteria": criteria, "label": label,
                                                       "errors": errors, "posted": request.POST})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_detail(request, pk):
    card = selectors.scorecard_get(user=request.user, pk=pk)
    if request.method == "POST":

        def sign():
            services.scorecard_sign(actor=request.user, scorecard=card, signer_name=request.POST.get("signer_name", ""),
                                    signature=decode_signature(request.POST.get("signature", "")))  # fmt: skip

        run_service(request, sign, _("Signed."))
        return redirect("evaluations:scorecard_detail", pk=card.pk)
    from .scorecards import context

    side = "vendor" if getattr(request.user, "is_vendor", False) else "hospital"
    may_sign = can(request.user, Cap.SCORECARD_SIGN) and not getattr(card, f"{side}_signed_at")
    return render(
        request, "evaluations/scorecard_detail.html", {**context(card), "may_sign": may_sign}
    )
