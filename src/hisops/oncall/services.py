"""Every write of on-call duty: shifts and rotations, swaps, handovers, escalation chains,
and walking a chain for an event until someone acknowledges."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, Role, require
from hisops.core.errors import PermissionDenied, ValidationError

from .models import Escalation, EscalationChain, EscalationStep, Handover, Shift, ShiftKind

# A day shift 08:00-20:00 and a night shift 20:00-08:00, in the hospital's time zone.
DAY_STARTS, NIGHT_STARTS = time(8, 0), time(20, 0)


def _member(team, person) -> bool:
    return team.members.filter(pk=person.pk).exists()


@transaction.atomic
def shift_create(
    *, actor, team, person, starts_at: datetime, ends_at: datetime, kind: str = ShiftKind.DAY
) -> Shift:
    require(actor, Cap.ONCALL_MANAGE, team.hospital)
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The shift must end after it starts.")]
    if not _member(team, person):
        errors["person"] = [_("%(person)s is not in %(team)s.") % {"person": person, "team": team}]
    if errors:
        raise ValidationError(fields=errors)
    shift = Shift.objects.create(hospital_id=team.hospital_id, team=team, person=person, kind=kind,
                                 starts_at=starts_at, ends_at=ends_at)  # fmt: skip
    audit_record(actor=actor, action="oncall.shift.create", obj=shift)
    return shift


@transaction.atomic
def rotation_generate(
    *, actor, team, people: list, first_day: date, days: int, pattern: str = "day_night"
) -> list[Shift]:
    """Shifts for ``days`` days from ``first_day``, the people taking turns in order:
    ``day_night`` (08:00-20:00 and 20:00-08:00) or ``full`` (24 hours from 08:00). All of
    them are created, or none."""
    require(actor, Cap.ONCALL_MANAGE, team.hospital)
    if not people:
        raise ValidationError(fields={"people": [_("Choose who takes turns.")]})
    strangers = [str(p) for p in people if not _member(team, p)]
    if strangers:
        raise ValidationError(fields={"people": [_("Not in the team: %s.") % ", ".join(strangers)]})
    if not 1 <= days <= 366:
        raise ValidationError(fields={"days": [_("Between 1 and 366 days.")]})
    zone = timezone.get_default_timezone()
    slots = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        start = datetime.combine(day, DAY_STARTS, zone)
        if pattern == "full":
            slots.append((ShiftKind.FULL, start, start + timedelta(days=1)))
        else:
            night = datetime.combine(day, NIGHT_STARTS, zone)
            slots += [
                (ShiftKind.DAY, start, night),
                (ShiftKind.NIGHT, night, night + timedelta(hours=12)),
            ]
    shifts = Shift.objects.bulk_create([
        Shift(hospital_id=team.hospital_id, team=team, person=people[n % len(people)], kind=kind, starts_at=start, ends_at=end)
        for n, (kind, start, end) in enumerate(slots)
    ])  # fmt: skip
    audit_record(actor=actor, action="oncall.rotation.generate", obj=team,
                 changes={"from": first_day.isoformat(), "days": days, "shifts": len(shifts)})  # fmt: skip
    return shifts


@transaction.atomic
def shift_swap(*, actor, shift: Shift, person, reason: str = "") -> Shift:
    """Someone else takes the shift; the original person is kept for the record."""
    require(actor, Cap.ONCALL_MANAGE, shift.team.hospital)
    if not _member(shift.team, person):
        raise ValidationError(
            fields={
                "person": [
                    _("%(person)s is not in %(team)s.") % {"person": person, "team": shift.team}
                ]
            }
        )
    before = shift.person_id
    shift.swapped_from_id = shift.swapped_from_id or before
    shift.person = person
    shift.save(update_fields=["person", "swapped_from", "updated_at"])
    audit_record(
        actor=actor,
        action="oncall.shift.swap",
        obj=shift,
        changes={"person": [before, person.pk]},
        message=reason[:500],
    )
    return shift


def on_duty(*, team, at: datetime | None = None) -> list:
    """Who is on duty in the team at ``at`` (now by default)."""
    at = at or timezone.now()
    return [
        s.person
        for s in Shift.objects.filter(team=team, starts_at__lte=at, ends_at__gt=at).select_related(
            "person"
        )
    ]


@transaction.atomic
def handover_create(*, actor, team, incoming, notes: str) -> Handover:
    require(actor, Cap.TICKET_VIEW, team.hospital)
    if not _member(team, actor):
        raise PermissionDenied(_("Only the team's people hand over its duty."))
    if not notes.strip():
        raise ValidationError(fields={"notes": [_("Write the open issues (or “none”).")]})
    if not _member(team, incoming) or incoming.pk == actor.pk:
        raise ValidationError(fields={"incoming": [_("Choose the colleague who takes over.")]})
    handover = Handover.objects.create(
        hospital_id=team.hospital_id,
        team=team,
        outgoing=actor,
        incoming=incoming,
        notes=notes.strip(),
    )
    audit_record(actor=actor, action="oncall.handover.create", obj=handover)
    return handover


@transaction.atomic
def handover_acknowledge(*, actor, handover: Handover) -> Handover:
    if handover.incoming_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person taking over acknowledges."))
    if handover.acknowledged_at is None:
        handover.acknowledged_at = timezone.now()
        handover.save(update_fields=["acknowledged_at", "updated_at"])
        audit_record(actor=actor, action="oncall.handover.acknowledge", obj=handover)
    return handover


@transaction.atomic
def chain_create(
    *, actor, hospital, name: str, events: list[str], steps: list[dict]
) -> EscalationChain:
    """``steps``: ``[{"team": Team} | {"role": "vendor_manager"} | {"person": User}, "wait_minutes": 15]``
    in order."""
    require(actor, Cap.ONCALL_MANAGE, hospital)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    unknown = set(events) - set(ESCALATING_EVENTS)
    if not events or unknown:
        errors["events"] = [_("Choose from: %s.") % ", ".join(ESCALATING_EVENTS)]
    if not steps:
        errors["steps"] = [_("Add at least one step.")]
    for n, step in enumerate(steps, start=1):
        targets = [k for k in ("team", "role", "person") if step.get(k)]
        if len(targets) != 1:
            errors[f"steps.{n}"] = [_("Each step names one team, one role or one person.")]
        elif step.get("role") and step["role"] not in Role.values:
            errors[f"steps.{n}"] = [_("Unknown role.")]
        elif (step.get("team") or step.get("person")) and (
            step.get("team") or step.get("person")
        ).hospital_id != hospital.pk:
            errors[f"steps.{n}"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    chain = EscalationChain.objects.create(
        hospital=hospital, name=name.strip(), events=list(events)
    )
    EscalationStep.objects.bulk_create([
        EscalationStep(hospital=hospital, chain=chain, position=n, team=s.get("team"), role=s.get("role") or "",
                       person=s.get("person"), wait_minutes=int(s.get("wait_minutes") or 15))
        for n, s in enumerate(steps)
    ])  # fmt: skip
    audit_record(
        actor=actor, action="oncall.chain.create", obj=chain, changes={"steps": len(steps)}
    )
    return chain


ESCALATING_EVENTS = ("sla_breach", "major_incident")


def escalation_start(
    *, hospital, event: str, key: str, title: str, url: str = "", now: datetime | None = None
) -> list[Escalation]:
    """Start every active chain of the hospital that escalates this kind of event (once per
    chain and key) and tell its first step at once."""
    now = now or timezone.now()
    started = []
    for chain in EscalationChain.objects.filter(hospital=hospital, is_active=True):
        if event not in chain.events:
            continue
        escalation, created = Escalation.objects.get_or_create(
            chain=chain,
            key=key,
            defaults={"hospital": hospital, "title": title[:200], "url": url, "next_at": now},
        )
        if created:
            _advance(escalation, now)
            started.append(escalation)
    return started


def _recipients(step: EscalationStep, now: datetime) -> list:
    from hisops.accounts.selectors import users_with_role

    if step.team_id:
        return on_duty(team=step.team, at=now)
    if step.role:
        return list(users_with_role(hospital=step.chain.hospital, roles=[step.role]))
    return [step.person] if step.person_id else []


def _advance(escalation: Escalation, now: datetime) -> None:
    """Tell the next step and set when the one after it is due."""
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    steps = list(escalation.chain.steps.select_related("team", "person", "chain__hospital"))
    if escalation.step >= len(steps):
        escalation.exhausted, escalation.next_at = True, None
        escalation.save(update_fields=["exhausted", "next_at", "updated_at"])
        return
    step = steps[escalation.step]
    people = [p for p in _recipients(step, now) if p is not None]
    with system_language():
        title = _("Escalation (step %(n)d): %(title)s") % {
            "n": escalation.step + 1,
            "title": escalation.title,
        }
    notification_send(hospital=escalation.chain.hospital, recipients=people, kind="escalation",
                      key=f"escalation:{escalation.pk}:{escalation.step}", title=title,
                      url=f"/oncall/escalations/{escalation.pk}/")  # fmt: skip
    escalation.notified.add(*people)
    escalation.step += 1
    escalation.next_at = now + timedelta(minutes=step.wait_minutes)
    escalation.save(update_fields=["step", "next_at", "updated_at"])


def escalations_due(*, now: datetime | None = None, batch: int = 200) -> int:
    """The minute's sweep: chains nobody acknowledged within a step's wait move on."""
    now = now or timezone.now()
    count = 0
    for pk in Escalation.objects.filter(
        acknowledged_at__isnull=True, exhausted=False, next_at__lte=now
    ).values_list("pk", flat=True)[:batch]:
        with transaction.atomic():
            escalation = (
                Escalation.objects.select_for_update().select_related("chain__hospital").get(pk=pk)
            )
            if (
                escalation.acknowledged_at is None
                and not escalation.exhausted
                and escalation.next_at
                and escalation.next_at <= now
            ):
                _advance(escalation, now)
                count += 1
    return count


@transaction.atomic
def escalation_acknowledge(*, actor, escalation: Escalation) -> Escalation:
    """Someone told about it takes it: the chain stops here."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.notified.filter(pk=getattr(actor, "pk", None)).exists():
        raise PermissionDenied(_("Only people this escalation reached can acknowledge it."))
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at, escalation.acknowledged_by = timezone.now(), actor
        escalation.next_at = None
        escalation.save(
            update_fields=["acknowledged_at", "acknowledged_by", "next_at", "updated_at"]
        )
        audit_record(actor=actor, action="oncall.escalation.acknowledge", obj=escalation)
    return escalation
