"""Drills, trainings and meetings: planned by cadence like inspections, done with the date,
duration, who attended by group, the outcome, the minutes and, for a drill, the recovery
time and data loss measured; action items become tickets; the papers are filed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.calendars.selectors import working_days
from hisops.core.capabilities import Cap, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.numbering import sequence_next
from hisops.knowledge.choices import DocumentCategory
from hisops.knowledge.services import document_upload
from hisops.tickets.services import ticket_create

from .. import schedule
from ..choices import SUBKINDS, ActivityKind, ActivityStatus, AttendeeGroup, Cadence
from ..models import Activity, ActivityPlan

FILED_AS = {ActivityKind.DRILL: DocumentCategory.EMERGENCY, ActivityKind.TRAINING: DocumentCategory.TRAINING,
            ActivityKind.MEETING: DocumentCategory.MEETING}  # fmt: skip


def _kind_errors(kind: str, subkind: str) -> dict[str, list[str]]:
    if kind not in ActivityKind.values:
        return {"kind": [_("Choose one of: %s.") % ", ".join(ActivityKind.values)]}
    allowed = [code for code, _label in SUBKINDS[kind]]
    if subkind not in allowed:
        return {"subkind": [_("Choose one of: %s.") % ", ".join(allowed)]}
    return {}


@transaction.atomic
def activity_plan_create(
    *, actor, hospital, name: str, kind: str, subkind: str, cadence: str, calendar, per_period: int = 1,
    contract=None, items=(),
) -> ActivityPlan:  # fmt: skip
    require(actor, Cap.INSPECTION_MANAGE, hospital)
    items = list(items)
    errors = _kind_errors(kind, subkind)
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Choose one of: %s.") % ", ".join(Cadence.values)]
    if per_period < 1:
        errors["per_period"] = [_("At least one per period.")]
    if contract is not None and contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if any(i.hospital_id != hospital.pk for i in items):
        errors["items"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    plan = ActivityPlan.objects.create(hospital=hospital, name=name.strip(), contract=contract, kind=kind,
                                       subkind=subkind, cadence=cadence, per_period=per_period, calendar=calendar)  # fmt: skip
    plan.items.set(items)
    audit_record(actor=actor, action="inspections.activity_plan.create", obj=plan,
                 changes={"kind": [None, kind], "cadence": [None, cadence], "per_period": [None, per_period]})  # fmt: skip
    return plan


@transaction.atomic
def activity_plan_generate(*, actor, plan: ActivityPlan, year: int) -> tuple[list[Activity], bool]:
    """The plan's activities of ``year`` (inside its contract's term), each planned on the
    last working day of its slot; again creates only what is missing. The flag says the
    year's statutory holidays are not loaded."""
    require(actor, Cap.INSPECTION_MANAGE, plan.hospital)
    if not 2000 <= year <= 2100:
        raise ValidationError(fields={"year": [_("Give a year such as 2027.")]})
    slots = schedule.slots(plan.cadence, year, plan.per_period)
    if plan.contract is not None:
        contract = plan.contract
        slots = [s for s in slots if s.first <= contract.ends_on and s.last >= contract.starts_on]
    if not slots:
        raise ValidationError(
            fields={"year": [_("The contract does not run in %(year)d.") % {"year": year}]}
        )
    days = working_days(plan.calendar, slots[0].first, slots[-1].last)
    have = set(plan.activities.filter(period_start__year=year).values_list("period_start", "slot"))
    label = dict(SUBKINDS[plan.kind])[plan.subkind]
    created = []
    for slot in slots:
        if (slot.period_start, slot.slot) in have:
            continue
        spot = schedule.place([d for d in days if slot.first <= d <= slot.last], 1)
        planned_on = spot[1] if spot else slot.last
        created.append(Activity.objects.create(
            hospital=plan.hospital, number=sequence_next(hospital=plan.hospital, prefix="ACT", year=year, width=4),
            plan=plan, contract=plan.contract, kind=plan.kind, subkind=plan.subkind, title=f"{plan.name}（{label}）",
            period_start=slot.period_start, period_end=slot.period_end, slot=slot.slot, planned_on=planned_on,
        ))  # fmt: skip
    audit_record(actor=actor, action="inspections.activity_plan.generate", obj=plan,
                 changes={"year": [None, year], "created": [None, len(created)]})  # fmt: skip
    return created, schedule.holiday_data_missing(plan.calendar, year)


def _may_record(actor, activity: Activity) -> None:
    require(actor, Cap.INSPECTION_WORK, activity.hospital)
    if getattr(actor, "is_vendor", False) and (activity.contract is None or
                                               activity.contract.vendor_id != actor.vendor_id):  # fmt: skip
        raise PermissionDenied(_("A vendor records only its own contracts' activities."))


@transaction.atomic
def activity_create(
    *, actor, hospital, kind: str, subkind: str, title: str, planned_on, contract=None
) -> Activity:
    """An activity outside any plan (an extra drill, a one-off training)."""
    require(actor, Cap.INSPECTION_WORK, hospital)
    errors = _kind_errors(kind, subkind)
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if contract is not None and contract.hospital_id != hospital.pk:
        errors["contract"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    activity = Activity(hospital=hospital, kind=kind, subkind=subkind, title=title.strip(), planned_on=planned_on,
                        contract=contract,
                        number=sequence_next(hospital=hospital, prefix="ACT", year=planned_on.year, width=4))  # fmt: skip
    _may_record(actor, activity)
    activity.save()
    audit_record(
        actor=actor,
        action="inspections.activity.create",
        obj=activity,
        changes={"kind": [None, kind]},
    )
    return activity


@transaction.atomic
def activity_record(
    *, actor, activity: Activity, done_on, duration_minutes: int, attendees: dict, outcome: str, minutes: str = "",
    attendee_names: str = "", rto_minutes: int | None = None, rpo_minutes: int | None = None, files=(),
) -> Activity:  # fmt: skip
    """The activity happened: when, how long, who came (by group), what came of it, the
    minutes; a drill also says how long recovery took (RTO) and how much data would be
    lost (RPO). Files (sign-in sheets, slides, minutes) go to the document archive."""
    _may_record(actor, activity)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=activity.pk)
    )
    if activity.status != ActivityStatus.PLANNED:
        raise Conflict(_("This activity is already %(status)s.") % {"status": activity.get_status_display()},
                       code="not_planned")  # fmt: skip
    errors: dict[str, list[str]] = {}
    if done_on is None or done_on > timezone.localdate():
        errors["done_on"] = [_("Give the day it took place (not a day to come).")]
    if not duration_minutes or duration_minutes < 1:
        errors["duration_minutes"] = [_("Give how long it took, in minutes.")]
    groups = {k: v for k, v in (attendees or {}).items() if v}
    if set(groups) - set(AttendeeGroup.values) or any(
        not isinstance(v, int) or v < 0 for v in groups.values()
    ):
        errors["attendees"] = [_("Count attendees by group: %s.") % ", ".join(AttendeeGroup.values)]
    elif not groups:
        errors["attendees"] = [_("Say who attended.")]
    if not outcome.strip():
        errors["outcome"] = [_("Write what came of it.")]
    if activity.kind == ActivityKind.DRILL and rto_minutes is None:
        errors["rto_minutes"] = [_("A drill records how long recovery took (RTO).")]
    if activity.kind != ActivityKind.DRILL and (rto_minutes is not None or rpo_minutes is not None):
        errors["rto_minutes"] = [_("Only a drill measures recovery.")]
    if errors:
        raise ValidationError(fields=errors)
    activity.status, activity.done_on, activity.duration_minutes = (
        ActivityStatus.DONE,
        done_on,
        duration_minutes,
    )
    activity.attendees, activity.attendee_names = groups, attendee_names.strip()
    activity.outcome, activity.minutes = outcome.strip(), minutes.strip()
    activity.rto_minutes, activity.rpo_minutes = rto_minutes, rpo_minutes
    activity.recorded_by = actor if getattr(actor, "pk", None) else None
    activity.save()
    for upload in files:
        activity.documents.add(document_upload(
            actor=actor, hospital=activity.hospital, title=f"{activity.number} {activity.title}", upload=upload,
            category=FILED_AS[activity.kind], period_start=done_on, contract=activity.contract,
        ))  # fmt: skip
    audit_record(actor=actor, action="inspections.activity.record", obj=activity,
                 changes={"status": [ActivityStatus.PLANNED, ActivityStatus.DONE], "done_on": [None, str(done_on)],
                          "attendees": [None, groups]})  # fmt: skip
    return activity


@transaction.atomic
def activity_action_item(*, actor, activity: Activity, text: str, item=None):
    """Something to do that came out of it: a ticket, linked to the activity."""
    _may_record(actor, activity)
    if not text.strip():
        raise ValidationError(fields={"text": [_("Describe what is to be done.")]})
    title = _("%(number)s action item: %(text)s") % {
        "number": activity.number,
        "text": text.strip(),
    }
    ticket = ticket_create(actor=actor, hospital=activity.hospital, title=title[:200], description=text.strip(),
                           kind="request", item=item)  # fmt: skip
    activity.tickets.add(ticket)
    audit_record(actor=actor, action="inspections.activity.action_item", obj=activity,
                 changes={"ticket": [None, ticket.number]})  # fmt: skip
    return ticket


@transaction.atomic
def activity_cancel(*, actor, activity: Activity, reason: str) -> Activity:
    require(actor, Cap.INSPECTION_MANAGE, activity.hospital)
    if activity.status != ActivityStatus.PLANNED:
        raise Conflict(_("This activity is already %(status)s.") % {"status": activity.get_status_display()},
                       code="not_planned")  # fmt: skip
    if not reason.strip():
        raise ValidationError(fields={"reason": [_("Say why.")]})
    activity.status, activity.cancel_reason = ActivityStatus.CANCELLED, reason.strip()[:500]
    activity.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="inspections.activity.cancel",
        obj=activity,
        message=activity.cancel_reason,
    )
    return activity
