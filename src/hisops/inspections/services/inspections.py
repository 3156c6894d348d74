"""Every write to inspections: checklist templates, plans and the year they generate, and
an inspection from the first reading to the hospital's signature.

The rules a hospital holds a vendor to: a plan's visits fit in its working days; readings
are of the line's kind (a number in its range passes, outside it fails); a failed line is
a finding followed up as a ticket on the line's item; an inspection is complete only with
every required line read and a summary written; the hospital's IT signs (never the vendor)
and the signed report is archived as PDF and DOCX; completion counts against the
contract's inspection quota."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.calendars.selectors import working_days, working_days_per_week
from hisops.contracts.choices import QuotaTrigger
from hisops.contracts.services import quota_uses_for
from hisops.core.capabilities import Cap, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.files import IMAGES, checked_upload
from hisops.core.numbering import sequence_next
from hisops.core.sealing import seal
from hisops.core.signatures import signature_errors
from hisops.knowledge.choices import DocumentCategory
from hisops.knowledge.services import document_upload
from hisops.problems.services import problem_create
from hisops.tickets.choices import Channel
from hisops.tickets.services import ticket_create

from .. import reports, schedule
from ..checklists import SHIPPED
from ..choices import Cadence, InspectionStatus, LineKind, Mode
from ..models import (
    ChecklistLine,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionReport,
    InspectionResult,
)

S = InspectionStatus
PASS_WORDS = {"pass": True, "passed": True, "true": True, "1": True, "ok": True, "正常": True,
              "fail": False, "failed": False, "false": False, "0": False, "异常": False}  # fmt: skip


# Templates ------------------------------------------------------------------------------


def _line_errors(position: int, line: dict) -> list[str]:
    errors = []
    if not str(line.get("section", "")).strip() or not str(line.get("text", "")).strip():
        errors.append(_("Line %(n)d needs a section and a check.") % {"n": position})
    kind = line.get("kind")
    if kind not in LineKind.values:
        errors.append(_("Line %(n)d: choose a kind among %(kinds)s.") % {"n": position, "kinds": ", ".join(LineKind.values)})  # fmt: skip
    if kind == LineKind.CHOICE:
        options = line.get("options") or []
        if len(options) < 2:
            errors.append(_("Line %(n)d: a choice needs at least two options.") % {"n": position})
        if not set(line.get("failing") or []) <= set(options):
            errors.append(
                _("Line %(n)d: a failing answer must be one of the options.") % {"n": position}
            )
    if kind == LineKind.NUMBER:
        low, high = line.get("minimum"), line.get("maximum")
        if low is not None and high is not None and Decimal(str(low)) > Decimal(str(high)):
            errors.append(_("Line %(n)d: the minimum is above the maximum.") % {"n": position})
    return errors


@transaction.atomic
def inspection_template_create(
    *, actor, hospital, code: str, name: str, lines: list[dict], description: str = "", per_item: bool = False
) -> ChecklistTemplate:  # fmt: skip
    """A checklist: its lines in order, each with a section, the check, its kind and, for a
    number, a unit and range; for a choice, the options and which of them fail."""
    require(actor, Cap.INSPECTION_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not code.strip():
        errors["code"] = [_("This field is required.")]
    elif ChecklistTemplate.objects.filter(hospital=hospital, code=code.strip()).exists():
        errors["code"] = [_("Another template has this code.")]
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    line_errors = [e for n, line in enumerate(lines, 1) for e in _line_errors(n, line)]
    if not lines:
        line_errors = [_("A checklist needs at least one line.")]
    if line_errors:
        errors["lines"] = line_errors
    if errors:
        raise ValidationError(fields=errors)
    template = ChecklistTemplate.objects.create(
        hospital=hospital,
        code=code.strip(),
        name=name.strip(),
        description=description.strip(),
        per_item=per_item,
    )
    ChecklistLine.objects.bulk_create(
        ChecklistLine(
            template=template,
            position=n,
            section=line["section"].strip(),
            text=line["text"].strip(),
            kind=line["kind"],
            unit=line.get("unit", ""),
            minimum=line.get("minimum"),
            maximum=line.get("maximum"),
            options=line.get("options") or [],
            failing=line.get("failing") or [],
            required=line.get("required", True),
        )
        for n, line in enumerate(lines, 1)
    )
    audit_record(actor=actor, action="inspections.template.create", obj=template,
                 changes={"name": [None, template.name], "lines": [None, len(lines)]})  # fmt: skip
    return template


def inspection_templates_install(*, actor, hospital) -> list[ChecklistTemplate]:
    """The tenders' checklists (``checklists.SHIPPED``) as this hospital's templates; those
    already installed are left as the hospital edited them."""
    require(actor, Cap.INSPECTION_MANAGE, hospital)
    have = set(ChecklistTemplate.objects.filter(hospital=hospital).values_list("code", flat=True))
    installed = []
    for code, shipped in SHIPPED.items():
        if code in have:
            continue
        lines = [{"section": section, "text": text, "kind": kind, **extra}
                 for section, text, kind, extra in shipped["lines"]]  # fmt: skip
        installed.append(inspection_template_create(
            actor=actor, hospital=hospital, code=code, name=shipped["name"], description=shipped["description"],
            per_item=shipped["per_item"], lines=lines,
        ))  # fmt: skip
    return installed


# Plans ----------------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(
    *, actor, hospital, name: str, contract, template: ChecklistTemplate, items, cadence: str,
    per_period: int = 1, days_each: int = 1, mode: str = Mode.ONSITE, calendar, assignee=None,
) -> InspectionPlan:  # fmt: skip
    """A contract's recurring inspection: which checklist, on which items, how often, how
    many working days each visit takes, on which calendar's working days."""
    require(actor, Cap.INSPECTION_MANAGE, hospital)
    items = list(items)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if template.hospital_id != hospital.pk:
        errors["template"] = [_("It belongs to another hospital.")]
    if not items:
        errors["items"] = [_("Choose at least one item.")]
    elif any(i.hospital_id != hospital.pk for i in items):
        errors["items"] = [_("It belongs to another hospital.")]
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Choose one of: %s.") % ", ".join(Cadence.values)]
    if mode not in Mode.values:
        errors["mode"] = [_("Choose one of: %s.") % ", ".join(Mode.values)]
    if per_period < 1:
        errors["per_period"] = [_("At least one per period.")]
    if days_each < 1:
        errors["days_each"] = [_("At least one working day.")]
    if calendar.hospital_id not in (None, hospital.pk):
        errors["calendar"] = [_("It belongs to another hospital.")]
    if assignee is not None and assignee.hospital_id != hospital.pk:
        errors["assignee"] = [_("It belongs to another hospital.")]
    if not errors:
        capacity = working_days_per_week(calendar) * schedule.WEEKS[cadence]
        if per_period * days_each > capacity:
            errors["days_each"] = [
                _("%(n)d visits of %(days)d working days do not fit in one period (%(capacity)d working days at "
                  "most).") % {"n": per_period, "days": days_each, "capacity": capacity}
            ]  # fmt: skip
    if errors:
        raise ValidationError(fields=errors)
    plan = InspectionPlan.objects.create(
        hospital=hospital, name=name.strip(), contract=contract, template=template, cadence=cadence,
        per_period=per_period, days_each=days_each, mode=mode, calendar=calendar, assignee=assignee,
    )  # fmt: skip
    plan.items.set(items)
    audit_record(actor=actor, action="inspections.plan.create", obj=plan,
                 changes={"contract": [None, contract.number], "cadence": [None, cadence],
                          "per_period": [None, per_period], "days_each": [None, days_each]})  # fmt: skip
    return plan


@dataclass(frozen=True)
class Generated:
    created: list[Inspection]
    existing: int
    holiday_data_missing: bool


@transaction.atomic
def inspection_plan_generate(*, actor, plan: InspectionPlan, year: int) -> Generated:
    """The plan's inspections of ``year`` inside the contract's term, with their dates.
    Generating again creates only what is missing. On a working-day calendar without that
    year's statutory data the dates are placed on ordinary weeks and the answer says so."""
    require(actor, Cap.INSPECTION_MANAGE, plan.hospital)
    if not 2000 <= year <= 2100:
        raise ValidationError(fields={"year": [_("Give a year such as 2027.")]})
    contract = plan.contract
    slots = [s for s in schedule.slots(plan.cadence, year, plan.per_period)
             if s.first <= contract.ends_on and s.last >= contract.starts_on]  # fmt: skip
    if not slots:
        raise ValidationError(
            fields={"year": [_("The contract does not run in %(year)d.") % {"year": year}]}
        )
    days = set(working_days(plan.calendar, slots[0].first, slots[-1].last))
    placed, unfit = [], []
    for slot in slots:
        first, last = max(slot.first, contract.starts_on), min(slot.last, contract.ends_on)
        spot = schedule.place(sorted(d for d in days if first <= d <= last), plan.days_each)
        (placed.append((slot, spot)) if spot else unfit.append(f"{first:%Y-%m-%d}–{last:%Y-%m-%d}"))
    if unfit:
        raise ValidationError(fields={"days_each": [
            _("These periods have fewer than %(days)d working days: %(periods)s.")
            % {"days": plan.days_each, "periods": "、".join(unfit)}
        ]})  # fmt: skip
    have = set(plan.inspections.filter(period_start__year=year).values_list("period_start", "slot"))
    items = list(plan.items.all())
    lines = list(plan.template.lines.all())
    created = []
    for slot, (starts_on, due_on) in placed:
        if (slot.period_start, slot.slot) in have:
            continue
        inspection = Inspection.objects.create(
            hospital=plan.hospital, number=sequence_next(hospital=plan.hospital, prefix="INS", year=year, width=4),
            plan=plan, contract=contract, template=plan.template, mode=plan.mode, period_start=slot.period_start,
            period_end=slot.period_end, slot=slot.slot, starts_on=starts_on, due_on=due_on, assignee=plan.assignee,
        )  # fmt: skip
        inspection.items.set(items)
        _copy_lines(inspection, lines, items if plan.template.per_item else items[:1])
        created.append(inspection)
    audit_record(actor=actor, action="inspections.plan.generate", obj=plan,
                 changes={"year": [None, year], "created": [None, len(created)]})  # fmt: skip
    missing = schedule.holiday_data_missing(plan.calendar, year)
    return Generated(created, len(have), missing)


def _copy_lines(inspection: Inspection, lines: list[ChecklistLine], items: list) -> None:
    rows, position = [], 0
    for item in items:
        for line in lines:
            position += 1
            section = f"{item.name} · {line.section}" if len(items) > 1 else line.section
            rows.append(InspectionResult(
                inspection=inspection, position=position, item=item, section=section, text=line.text,
                kind=line.kind, unit=line.unit, minimum=line.minimum, maximum=line.maximum, options=line.options,
                failing=line.failing, required=line.required,
            ))  # fmt: skip
    InspectionResult.objects.bulk_create(rows)


# An inspection --------------------------------------------------------------------------


def _may_work(actor, inspection: Inspection) -> None:
    require(actor, Cap.INSPECTION_WORK, inspection.hospital)
    if getattr(actor, "is_vendor", False) and inspection.contract.vendor_id != actor.vendor_id:
        raise PermissionDenied(_("A vendor works only on its own contracts' inspections."))


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("contract", "hospital")
        .get(pk=inspection.pk)
    )


def _open(inspection: Inspection) -> None:
    if inspection.status not in (S.PLANNED, S.IN_PROGRESS):
        raise Conflict(
            _("This inspection is %(status)s; its readings can no longer change.")
            % {"status": inspection.get_status_display()},
            code="not_open",
        )


@transaction.atomic
def inspection_start(*, actor, inspection: Inspection) -> Inspection:
    _may_work(actor, inspection)
    inspection = _locked(inspection)
    _open(inspection)
    if inspection.status == S.PLANNED:
        inspection.status, inspection.started_at = S.IN_PROGRESS, timezone.now()
        if inspection.assignee_id is None and getattr(actor, "pk", None):
            inspection.assignee = actor
        inspection.save(update_fields=["status", "started_at", "assignee", "updated_at"])
        audit_record(actor=actor, action="inspections.inspection.start", obj=inspection)
    return inspection


def _reading(result: InspectionResult, value, photo) -> tuple[str, Decimal | None, str]:
    """(outcome, number, text) of a reading of ``result``'s kind, or ValidationError."""
    text = "" if value is None else str(value).strip()
    if result.kind == LineKind.PASS_FAIL:
        if text.lower() not in PASS_WORDS:
            raise ValidationError(fields={"value": [_("Answer pass or fail.")]})
        passed = PASS_WORDS[text.lower()]
        return (
            (InspectionResult.Outcome.PASSED if passed else InspectionResult.Outcome.FAILED),
            None,
            "",
        )
    if result.kind == LineKind.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(fields={"value": [_("Give a number.")]})
        inside = (result.minimum is None or number >= result.minimum) and (
            result.maximum is None or number <= result.maximum
        )
        return (
            (InspectionResult.Outcome.PASSED if inside else InspectionResult.Outcome.FAILED),
            number,
            "",
        )
    if result.kind == LineKind.CHOICE:
        if text not in result.options:
            raise ValidationError(
                fields={"value": [_("Choose one of: %s.") % "、".join(result.options)]}
            )
        failed = text in result.failing
        return (
            (InspectionResult.Outcome.FAILED if failed else InspectionResult.Outcome.PASSED),
            None,
            text,
        )
    if result.kind == LineKind.TEXT:
        if not text:
            raise ValidationError(fields={"value": [_("Write what was found.")]})
        return InspectionResult.Outcome.NOTED, None, text[:2000]
    if photo is None:  # a photo line
        raise ValidationError(fields={"photo": [_("Take or choose a photo.")]})
    return InspectionResult.Outcome.NOTED, None, ""


@transaction.atomic
def inspection_record(
    *,
    actor,
    inspection: Inspection,
    result: InspectionResult,
    value=None,
    note: str = "",
    photo=None,
) -> InspectionResult:
    """A reading of one line (starting the inspection if it was only planned). Any line may
    carry a photo. A failed reading is a finding, opened once as a ticket on the line's item."""
    _may_work(actor, inspection)
    inspection = _locked(inspection)
    _open(inspection)
    if result.inspection_id != inspection.pk:
        raise ValidationError(fields={"result": [_("This line is not part of this inspection.")]})
    outcome, number, text = _reading(result, value, photo)
    if inspection.status == S.PLANNED:
        inspection = inspection_start(actor=actor, inspection=inspection)
    if photo is not None:
        checked = checked_upload(photo, allowed=IMAGES, field="photo")
        result.photo.save(checked.name, photo, save=False)
        result.photo_sha256 = checked.sha256
    before = result.outcome
    result.outcome, result.value_number, result.value_text = outcome, number, text
    result.note = note.strip()[:2000]
    result.recorded_by = actor if getattr(actor, "pk", None) else None
    result.recorded_at = timezone.now()
    result.save()
    audit_record(actor=actor, action="inspections.inspection.record", obj=inspection,
                 changes={"line": result.text, "outcome": [before or None, outcome],
                          "reading": str(number) if number is not None else text})  # fmt: skip
    if (
        outcome == InspectionResult.Outcome.FAILED
        and not Finding.objects.filter(result=result).exists()
    ):
        reading = f"{number}{result.unit}" if number is not None else (text or _("failed"))
        finding_open(actor=actor, inspection=inspection, result=result, item=result.item,
                     description=f"{result.section}：{result.text}（{reading}）{result.note}")  # fmt: skip
    return result


@transaction.atomic
def finding_open(
    *, actor, inspection: Inspection, description: str, item=None, result: InspectionResult | None = None,
    as_problem: bool = False,
) -> Finding:  # fmt: skip
    """Something found, followed up at once: a ticket (channel ``inspection``) on the item,
    or a problem for a cause that needs an investigation. Only while the inspection is
    open: a completed one is what the hospital signs, and its seal covers the findings."""
    _may_work(actor, inspection)
    inspection = _locked(inspection)
    _open(inspection)
    if not description.strip():
        raise ValidationError(fields={"description": [_("Describe what was found.")]})
    if item is not None and item.hospital_id != inspection.hospital_id:
        raise ValidationError(fields={"item": [_("It belongs to another hospital.")]})
    item = item or inspection.items.first()
    title = _("Inspection %(number)s: %(finding)s") % {
        "number": inspection.number,
        "finding": description.strip(),
    }
    finding = Finding(inspection=inspection, result=result, item=item, description=description.strip()[:2000],
                      created_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
    if as_problem:
        finding.problem = problem_create(actor=actor, hospital=inspection.hospital, title=title[:200],
                                         description=description.strip(), item=item)  # fmt: skip
    else:
        finding.ticket = ticket_create(actor=actor, hospital=inspection.hospital, title=title[:200],
                                       description=description.strip(), item=item, channel=Channel.INSPECTION)  # fmt: skip
    finding.save()
    audit_record(actor=actor, action="inspections.inspection.finding", obj=inspection,
                 changes={"finding": description.strip()[:500],
                          "follow_up": finding.ticket.number if finding.ticket else finding.problem.number})  # fmt: skip
    return finding


@transaction.atomic
def inspection_complete(*, actor, inspection: Inspection, summary: str) -> Inspection:
    """Done on site or remotely: every required line read and the summary with advice
    (巡检总结报告与系统优化建议) written. Counts one use of the contract's inspection quota
    on the day it was done; the hospital signs next."""
    _may_work(actor, inspection)
    inspection = _locked(inspection)
    _open(inspection)
    errors: dict[str, list[str]] = {}
    missing = [
        f"{r.section}：{r.text}" for r in inspection.results.filter(required=True, outcome="")
    ]
    if missing:
        errors["results"] = [_("Not yet recorded: %s.") % "；".join(missing)]
    if not summary.strip():
        errors["summary"] = [_("Write the summary and advice for the hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    now = timezone.now()
    inspection.status, inspection.summary = S.COMPLETED, summary.strip()
    inspection.completed_at, inspection.completed_by = (
        now,
        actor if getattr(actor, "pk", None) else None,
    )
    inspection.started_at = inspection.started_at or now
    inspection.save(
        update_fields=[
            "status",
            "summary",
            "completed_at",
            "completed_by",
            "started_at",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="inspections.inspection.complete", obj=inspection,
                 changes={"status": [S.IN_PROGRESS, S.COMPLETED]})  # fmt: skip
    quota_uses_for(actor=actor, contract=inspection.contract, trigger=QuotaTrigger.INSPECTION,
                   used_on=timezone.localdate(now), object_type="inspection", object_id=inspection.pk,
                   object_repr=inspection.number)  # fmt: skip
    return inspection


@transaction.atomic
def inspection_sign(*, actor, inspection: Inspection, signer_name: str, image: bytes) -> Inspection:
    """The hospital's signature on a completed inspection (the IT department's, never the
    vendor's), sealed with the readings it vouches for; the report is written as PDF and
    DOCX and filed in the document archive."""
    require(actor, Cap.INSPECTION_SIGN, inspection.hospital)
    inspection = _locked(inspection)
    errors = signature_errors(signer_name=signer_name, image=image)
    if errors:
        raise ValidationError(fields=errors)
    if inspection.status == S.SIGNED:
        raise Conflict(_("This inspection is already signed."), code="signed")
    if inspection.status != S.COMPLETED:
        raise Conflict(_("Only a completed inspection is signed; record every line and complete it first."),
                       code="not_completed")  # fmt: skip
    inspection.status, inspection.signer_name = S.SIGNED, signer_name.strip()[:100]
    inspection.signed_at = timezone.now()
    inspection.signed_by = actor if getattr(actor, "pk", None) else None
    inspection.signature.save("signature.png", ContentFile(image), save=False)
    inspection.seal = seal(inspection.sealed_content())
    inspection.save(update_fields=["status", "signer_name", "signed_at", "signed_by", "signature", "seal",
                                   "updated_at"])  # fmt: skip
    audit_record(actor=actor, action="inspections.inspection.sign", obj=inspection,
                 changes={"signer": inspection.signer_name})  # fmt: skip
    for fmt in reports.FORMATS:
        upload = ContentFile(
            reports.render(inspection, fmt), name=reports.file_name(inspection, fmt)
        )
        document = document_upload(
            actor=actor, hospital=inspection.hospital, title=reports.title(inspection), upload=upload,
            category=DocumentCategory.INSPECTION, period_start=inspection.period_start,
            period_end=inspection.period_end, contract=inspection.contract, items=inspection.items.all(),
        )  # fmt: skip
        InspectionReport.objects.create(inspection=inspection, format=fmt, document=document)
    return inspection


@transaction.atomic
def inspection_cancel(*, actor, inspection: Inspection, reason: str) -> Inspection:
    """A planned inspection that will not happen (the system retired, the visit merged):
    with the reason; a signed or completed one stays."""
    require(actor, Cap.INSPECTION_MANAGE, inspection.hospital)
    inspection = _locked(inspection)
    _open(inspection)
    if not reason.strip():
        raise ValidationError(fields={"reason": [_("Say why.")]})
    before = inspection.status
    inspection.status, inspection.cancel_reason = S.CANCELLED, reason.strip()[:500]
    inspection.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(actor=actor, action="inspections.inspection.cancel", obj=inspection,
                 changes={"status": [before, S.CANCELLED]}, message=inspection.cancel_reason)  # fmt: skip
    return inspection


def inspection_report_file(*, actor, inspection: Inspection, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, content type) of the report: the archived file of a signed
    inspection (checked against its SHA-256), else a draft rendered now."""
    from hisops.knowledge.services import document_open

    if fmt not in reports.FORMATS:
        raise ValidationError(
            fields={"format": [_("Choose one of: %s.") % ", ".join(reports.FORMATS)]}
        )
    filed = inspection.reports.select_related("document").filter(format=fmt).first()
    if filed is not None:
        with document_open(actor=actor, document=filed.document) as handle:
            return handle.read(), filed.document.name, filed.document.content_type
    return (
        reports.render(inspection, fmt),
        reports.file_name(inspection, fmt),
        reports.CONTENT_TYPES[fmt],
    )
