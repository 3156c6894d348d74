"""Writes of evaluations: templates of weighted criteria (and the shipped ones), rounds that
say who scores whom over a period, score sheets (never edited: a correction supersedes),
and the annual acceptance scorecard with both sides' signatures."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.calendars import periods
from hisops.core.capabilities import SYSTEM, Cap, Role, can, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.sealing import file_digest, seal
from hisops.core.signatures import signature_errors

from .choices import RoundStatus, ScorecardStatus, SubjectKind
from .models import (
    AcceptancePolicy,
    Criterion,
    Evaluation,
    EvaluationRound,
    EvaluationTemplate,
    Score,
    Scorecard,
)
from .templates_shipped import SHIPPED

VENDOR_KINDS = (SubjectKind.VENDOR, SubjectKind.THIRD_PARTY, SubjectKind.SERVICE)
PEOPLE_KINDS = (SubjectKind.STAFF, SubjectKind.SERVICE)


# -- templates --------------------------------------------------------------------------
def evaluation_template_create(*, actor, hospital, code: str, name: str, subject_kind: str, criteria,
                               description: str = "") -> EvaluationTemplate:  # fmt: skip
    """A template: ``criteria`` is ``[{"name", "weight", "max_score", "description"}]``."""
    require(actor, Cap.EVALUATION_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not code.strip():
        errors["code"] = [_("This field is required.")]
    elif EvaluationTemplate.objects.filter(hospital=hospital, code=code.strip()).exists():
        errors["code"] = [_("A template with this code exists.")]
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = [_("Choose one of: %s.") % ", ".join(SubjectKind.values)]
    rows = list(criteria or [])
    problems = [_criterion_errors(n, row) for n, row in enumerate(rows, start=1)]
    if not rows:
        errors["criteria"] = [_("Give at least one criterion.")]
    elif any(problems):
        errors["criteria"] = [p for p in problems if p]
    if errors:
        raise ValidationError(fields=errors)
    with transaction.atomic():
        template = EvaluationTemplate.objects.create(hospital=hospital, code=code.strip(), name=name.strip(),
                                                     subject_kind=subject_kind, description=description)  # fmt: skip
        Criterion.objects.bulk_create([
            Criterion(template=template, name=row["name"].strip(), weight=int(row["weight"]),
                      max_score=int(row.get("max_score") or 5), description=row.get("description", ""), position=n)
            for n, row in enumerate(rows)
        ])  # fmt: skip
        audit_record(actor=actor, action="evaluations.template.create", obj=template,
                     changes={"criteria": [None, [r["name"] for r in rows]]})  # fmt: skip
    return template


def _criterion_errors(n: int, row: dict) -> str:
    name = str(row.get("name", "")).strip()
    try:
        weight, top = int(row.get("weight", 0)), int(row.get("max_score") or 5)
    except (TypeError, ValueError):
        return _("Criterion %(n)s: weight and top score are whole numbers.") % {"n": n}
    if not name:
        return _("Criterion %(n)s has no name.") % {"n": n}
    if weight < 1 or not 1 <= top <= 100:
        return _("Criterion %(n)s: the weight is at least 1 and the top score 1 to 100.") % {"n": n}
    return ""


def evaluation_templates_install(*, actor, hospital) -> list[EvaluationTemplate]:
    """The shipped templates (vendor, third party, IT staff, clinical satisfaction survey)
    that this hospital does not have yet."""
    require(actor, Cap.EVALUATION_MANAGE, hospital)
    have = set(EvaluationTemplate.objects.filter(hospital=hospital).values_list("code", flat=True))
    return [
        evaluation_template_create(actor=actor, hospital=hospital, code=code, **spec)
        for code, spec in SHIPPED.items()
        if code not in have
    ]


# -- rounds -----------------------------------------------------------------------------
def evaluation_round_create(*, actor, hospital, template: EvaluationTemplate, title: str, period: str,
                            evaluator_roles, vendors=(), people=()) -> EvaluationRound:  # fmt: skip
    """Who scores whom: everyone of ``evaluator_roles`` scores each of the vendors and
    people, once each, over ``period``."""
    require(actor, Cap.EVALUATION_MANAGE, hospital)
    vendors, people, roles = list(vendors), list(people), list(dict.fromkeys(evaluator_roles or ()))
    errors: dict[str, list[str]] = {}
    if template.hospital_id != hospital.pk:
        errors["template"] = [_("It belongs to another hospital.")]
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    try:
        periods.parse(period)
    except ValidationError as invalid:
        errors.update(invalid.fields)
    bad_roles = [r for r in roles if r not in Role.values]
    if not roles or bad_roles:
        errors["evaluator_roles"] = [_("Choose from: %s.") % ", ".join(Role.values)]
    if vendors and template.subject_kind not in VENDOR_KINDS:
        errors["vendors"] = [_("This template evaluates people, not vendors.")]
    if people and template.subject_kind not in PEOPLE_KINDS:
        errors["people"] = [_("This template evaluates vendors, not people.")]
    if not vendors and not people:
        errors["vendors" if template.subject_kind in VENDOR_KINDS else "people"] = [
            _("Name who is evaluated.")
        ]
    if any(v.hospital_id != hospital.pk for v in vendors) or any(
        p.hospital_id != hospital.pk for p in people
    ):
        errors["vendors" if vendors else "people"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    with transaction.atomic():
        round_ = EvaluationRound.objects.create(hospital=hospital, template=template, title=title.strip(),
                                                period=period.strip(), evaluator_roles=roles,
                                                created_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
        round_.vendors.set(vendors)
        round_.people.set(people)
        audit_record(actor=actor, action="evaluations.round.create", obj=round_,
                     changes={"period": [None, round_.period], "evaluator_roles": [None, roles]})  # fmt: skip
        _invite(round_)
    return round_


def _invite(round_: EvaluationRound) -> int:
    """Tell everyone who scores in the round, with the link their phone opens (the survey
    a clinical department answers is the same page)."""
    from hisops.accounts.selectors import users_with_role
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    people = users_with_role(hospital=round_.hospital, roles=round_.evaluator_roles)
    with system_language():
        title = _("Please evaluate: %(title)s") % {"title": round_.title}
    return notification_send(hospital=round_.hospital, recipients=people, kind="evaluation", key=f"evaluation:{round_.pk}",
                             title=title, url=f"/evaluations/rounds/{round_.pk}/", personal=True)  # fmt: skip


def evaluation_round_close(*, actor, round: EvaluationRound) -> EvaluationRound:
    require(actor, Cap.EVALUATION_MANAGE, round.hospital_id)
    if round.status == RoundStatus.CLOSED:
        return round
    round.status = RoundStatus.CLOSED
    round.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="evaluations.round.close", obj=round)
    return round


# -- score sheets -----------------------------------------------------------------------
def may_score(actor, round: EvaluationRound) -> bool:
    """Whether ``actor`` is one of those the round names to score (the page asks this too)."""
    return (
        getattr(actor, "pk", None) is not None
        and actor.is_active
        and actor.hospital_id == round.hospital_id
        and actor.role in round.evaluator_roles
        and round.status == RoundStatus.OPEN
    )


def _check_scores(
    round: EvaluationRound, scores: dict
) -> tuple[list[tuple[Criterion, int, str]], Decimal]:
    criteria = list(round.template.criteria.all())
    errors, rows = [], []
    for criterion in criteria:
        raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        value, comment = (
            (raw.get("score"), raw.get("comment", "")) if isinstance(raw, dict) else (raw, "")
        )
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors.append(_("%(criterion)s: give a score from 0 to %(top)s.") % {"criterion": criterion.name,
                                                                               "top": criterion.max_score})  # fmt: skip
            continue
        if not 0 <= number <= criterion.max_score:
            errors.append(_("%(criterion)s: %(score)s is outside 0 to %(top)s.") % {
                "criterion": criterion.name, "score": number, "top": criterion.max_score})  # fmt: skip
            continue
        rows.append((criterion, number, str(comment or "")[:500]))
    if errors:
        raise ValidationError(fields={"scores": errors})
    weights = sum(c.weight for c in criteria)
    total = sum(Decimal(n) / c.max_score * c.weight for c, n, _comment in rows) / weights * 100
    return rows, total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _subject_errors(round: EvaluationRound, actor, vendor, person) -> dict:
    if (vendor is None) == (person is None):
        return {"subject": [_("Name one vendor or one person.")]}
    if vendor is not None and not round.vendors.filter(pk=vendor.pk).exists():
        return {"vendor": [_("This vendor is not evaluated in this round.")]}
    if person is not None and not round.people.filter(pk=person.pk).exists():
        return {"person": [_("This person is not evaluated in this round.")]}
    if person is not None and person.pk == actor.pk:
        return {"person": [_("Nobody evaluates themselves.")]}
    if vendor is not None and getattr(actor, "vendor_id", None) == vendor.pk:
        return {"vendor": [_("A vendor's people do not evaluate their own vendor.")]}
    return {}


def evaluation_submit(*, actor, round: EvaluationRound, scores: dict, vendor=None, person=None,
                      comment: str = "") -> Evaluation:  # fmt: skip
    """Score one subject of the round: ``scores`` maps each criterion's id to its score (or
    ``{"score", "comment"}``). Once per evaluator and subject; a change is a correction."""
    if not may_score(actor, round):
        raise PermissionDenied(
            _("You are not among those who score in this round, or it is closed.")
        )
    errors = _subject_errors(round, actor, vendor, person)
    if errors:
        raise ValidationError(fields=errors)
    rows, total = _check_scores(round, scores)
    with transaction.atomic():
        # The round's row is the lock: two sheets of one evaluator for one subject never race in.
        EvaluationRound.objects.select_for_update().get(pk=round.pk)
        before = Evaluation.objects.filter(
            round=round, evaluator=actor, vendor=vendor, person=person, superseded_by__isnull=True
        )
        if before.exists():
            raise Conflict(_("You have scored them in this round already; correct that sheet instead."),
                           code="already_scored")  # fmt: skip
        return _sheet(
            actor,
            round,
            vendor,
            person,
            rows,
            total,
            comment,
            action="evaluations.evaluation.submit",
        )


def _sheet(
    actor, round, vendor, person, rows, total, comment, *, action, supersedes=None, reason=""
):
    sheet = Evaluation.objects.create(
        hospital_id=round.hospital_id, round=round, evaluator=actor, department_id=actor.department_id,
        vendor=vendor, person=person, total=total, comment=comment.strip(), supersedes=supersedes,
        correction_reason=reason,
    )  # fmt: skip
    Score.objects.bulk_create(
        [Score(evaluation=sheet, criterion=c, score=n, comment=note) for c, n, note in rows]
    )
    audit_record(actor=actor, action=action, obj=sheet,
                 changes={"total": [str(supersedes.total) if supersedes else None, str(total)],
                          "scores": [None, {c.name: n for c, n, _note in rows}]})  # fmt: skip
    return sheet


def evaluation_correct(
    *, actor, evaluation: Evaluation, scores: dict, reason: str, comment: str = ""
) -> Evaluation:
    """A corrected sheet that supersedes ``evaluation`` (kept, and shown as corrected). By
    whoever scored it, or by the evaluation manager; the reason is required."""
    if actor.pk != evaluation.evaluator_id and not can(
        actor, Cap.EVALUATION_MANAGE, evaluation.hospital_id
    ):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationError(fields={"reason": [_("Say why the scores are corrected.")]})
    round = evaluation.round
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed."), code="closed")
    rows, total = _check_scores(round, scores)
    with transaction.atomic():
        current = Evaluation.objects.select_for_update(of=("self",)).get(pk=evaluation.pk)
        if hasattr(current, "superseded_by"):
            raise Conflict(
                _("This sheet was corrected already; correct the latest one."), code="superseded"
            )
        return _sheet(actor, round, evaluation.vendor, evaluation.person, rows, total, comment or evaluation.comment,
                      action="evaluations.evaluation.correct", supersedes=current, reason=reason.strip()[:300])  # fmt: skip


# -- the acceptance scorecard -------------------------------------------------------------
def acceptance_policy(hospital) -> AcceptancePolicy:
    return AcceptancePolicy.objects.filter(hospital=hospital).first() or AcceptancePolicy(
        hospital=hospital
    )


def acceptance_policy_set(*, actor, hospital, threshold: int, goals_weight: int, duties_weight: int,
                          evaluation_weight: int) -> AcceptancePolicy:  # fmt: skip
    require(actor, Cap.EVALUATION_MANAGE, hospital)
    errors = {}
    if not 0 <= threshold <= 100:
        errors["threshold"] = [_("From 0 to 100.")]
    if (
        goals_weight + duties_weight + evaluation_weight <= 0
        or min(goals_weight, duties_weight, evaluation_weight) < 0
    ):
        errors["goals_weight"] = [_("The weights are whole numbers and not all zero.")]
    if errors:
        raise ValidationError(fields=errors)
    policy = acceptance_policy(hospital)
    before = {"threshold": policy.threshold}
    policy.threshold, policy.goals_weight = threshold, goals_weight
    policy.duties_weight, policy.evaluation_weight = duties_weight, evaluation_weight
    policy.save()
    audit_record(actor=actor, action="evaluations.policy.set", obj=policy,
                 changes={"threshold": [before["threshold"], threshold]})  # fmt: skip
    return policy


def scorecard_draw(*, actor, contract, year) -> Scorecard:
    """Draw up (or, while unsigned, redraw) the acceptance scorecard of a contract year from
    the figures as they stand."""
    from .selectors import scorecard_figures

    require(actor, Cap.EVALUATION_MANAGE, contract.hospital_id)
    if year.contract_id != contract.pk:
        raise ValidationError(fields={"year": [_("That year is not this contract's.")]})
    figures = scorecard_figures(
        user=actor, contract=contract, year=year, policy=acceptance_policy(contract.hospital)
    )
    with transaction.atomic():
        card = (
            Scorecard.objects.select_for_update(of=("self",))
            .filter(contract=contract, year=year)
            .first()
        )
        if card is not None and card.status != ScorecardStatus.DRAFT:
            raise Conflict(_("The scorecard is signed; it is not drawn up again."), code="signed")
        before = str(card.score) if card else None
        card = card or Scorecard(hospital_id=contract.hospital_id, contract=contract, year=year)
        card.figures = figures
        card.score = None if figures["score"] is None else Decimal(str(figures["score"]))
        card.threshold, card.recommend_renewal = (
            Decimal(str(figures["threshold"])),
            figures["recommend_renewal"],
        )
        card.save()
        audit_record(actor=actor, action="evaluations.scorecard.draw", obj=card,
                     changes={"score": [before, None if card.score is None else str(card.score)], "recommend_renewal": [None, card.recommend_renewal]})  # fmt: skip
    return card


def scorecard_sign(*, actor, scorecard: Scorecard, signer_name: str, signature: bytes) -> Scorecard:
    """Sign for one's side: the hospital's IT (never a vendor), then or before the vendor's
    project manager of that contract. Both signed, the figures are sealed and the scorecard
    is filed as a PDF."""
    require(actor, Cap.SCORECARD_SIGN, scorecard.hospital_id)
    vendor_side = bool(getattr(actor, "is_vendor", False))
    if vendor_side and actor.vendor_id != scorecard.contract.vendor_id:
        raise PermissionDenied()
    errors = signature_errors(signer_name=signer_name, image=signature)
    if errors:
        raise ValidationError(fields=errors)
    side = "vendor" if vendor_side else "hospital"
    with transaction.atomic():
        card = Scorecard.objects.select_for_update(of=("self",)).get(pk=scorecard.pk)
        if getattr(card, f"{side}_signed_at"):
            raise Conflict(_("This side has signed already."), code="signed")
        now = timezone.now()
        setattr(card, f"{side}_signer", signer_name.strip())
        setattr(card, f"{side}_signed_at", now)
        getattr(card, f"{side}_signature").save(
            f"{card.pk}-{side}.png", ContentFile(signature), save=False
        )
        both = card.hospital_signed_at and card.vendor_signed_at
        card.status = ScorecardStatus.SIGNED if both else (
            ScorecardStatus.SIGNED_VENDOR if vendor_side else ScorecardStatus.SIGNED_HOSPITAL)  # fmt: skip
        if both:
            card.seal = seal({"figures": card.figures, "hospital": [card.hospital_signer, file_digest(card.hospital_signature)],
                              "vendor": [card.vendor_signer, file_digest(card.vendor_signature)]})  # fmt: skip
            card.document = _file_scorecard(card)
        card.save()
        audit_record(actor=actor, action="evaluations.scorecard.sign", obj=card,
                     changes={"side": [None, side], "signer": [None, signer_name.strip()]})  # fmt: skip
    return card


def _file_scorecard(card: Scorecard):
    from hisops.core.i18n import system_language
    from hisops.knowledge.choices import DocumentCategory
    from hisops.knowledge.services import document_upload

    from .scorecards import render_pdf, title

    with system_language():
        data, name = render_pdf(card), f"{card.contract.number}-{card.year.number}-scorecard.pdf"
        return document_upload(actor=SYSTEM, hospital=card.contract.hospital, title=title(card),
                               category=DocumentCategory.ASSESSMENT, upload=ContentFile(data, name=name),
                               period_start=card.year.starts_on, period_end=card.year.ends_on, contract=card.contract)  # fmt: skip
