"""Every write to tickets: create, and one function per transition of the state machine.

Each checks permission, runs in one transaction, leaves a timeline entry and an audit
event, and keeps the SLA clocks derived (see :mod:`hisops.tickets.clocks`).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hisops.audit.services import audit_record
from hisops.contracts.choices import Impact, QuotaTrigger
from hisops.contracts.selectors import contract_covering, level_for
from hisops.contracts.services import quota_uses_for, quota_uses_release
from hisops.core.capabilities import Cap, Role, can, require
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.core.masking import mask_text
from hisops.core.numbering import sequence_next
from hisops.core.pagination import table_changed

from .. import clocks
from ..choices import NUMBER_PREFIX, NUMBER_WIDTH, OPEN_STATUSES, Kind, Status
from ..models import SLAClock, Ticket, TicketEvent
from ..selectors import ticket_audience
from .attachments import attachment_add

QUOTA_OBJECT = "tickets.ticket"
DESCRIPTION_MAX = 20_000  # characters; a log or a dump is an attachment  # how a ticket is named in a contract's quota uses

# What the actions outside the state machine's table are called (the table names its own).
OTHER_ACTION_WORDS = {
    "change_level": gettext_lazy("change the level"),
    "merge": gettext_lazy("merge into another ticket"),
}


def ticket_number_next(*, hospital, kind: str, year: int) -> str:
    """The next number, e.g. ``INC-2026-000123``."""
    return sequence_next(
        hospital=hospital, prefix=NUMBER_PREFIX[kind], year=year, width=NUMBER_WIDTH
    )


def recorded_at(actor, at: datetime | None, ticket: Ticket | None = None) -> datetime:
    """The time an action is recorded at: now, or a back-dated ``at`` for permitted staff."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationError(
            fields={"at": [_("Give the time with its offset, e.g. 2026-09-30T16:00+08:00.")]}
        )
    if not can(actor, Cap.TICKET_MANAGE, ticket.hospital if ticket else None):
        raise PermissionDenied(_("Only IT staff may record an earlier time."))
    if at > now:
        raise ValidationError(fields={"at": [_("The time cannot be in the future.")]})
    return at


def event_record(
    ticket: Ticket,
    *,
    actor,
    action: str,
    at: datetime,
    before: str = "",
    note: str = "",
    data=None,
    changes: dict | None = None,
) -> None:
    """The timeline entry and the audit event of one action (``changes``: what else the
    action changed, ``{field: [before, after]}``, for the audit log)."""
    table_changed("tickets")  # list counts are recomputed after this commits
    TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=actor if getattr(actor, "pk", None) else None,
        action=action, at=at, from_status=before, to_status=ticket.status, note=note, data=data or {},
    )  # fmt: skip
    audit_record(
        actor=actor, action=f"tickets.ticket.{action}", obj=ticket,
        changes={**({"status": [before, ticket.status]} if before != ticket.status else {}), **(changes or {})},
        message=note[:500],
    )  # fmt: skip


@transaction.atomic
def ticket_create(
    *,
    actor,
    hospital,
    title: str,
    kind: str = "incident",
    description: str = "",
    item=None,
    level_code: str = "",
    impact: str = "",
    service_item: str = "",
    channel: str = "web",
    reported_at: datetime | None = None,
    reporter_name: str = "",
    phone: str = "",
    department=None,
    location: str = "",
    backdate_reason: str = "",
    attachments=(),
    caller_number: str = "",
    call_started_at: datetime | None = None,
    call_seconds: int | None = None,
) -> Ticket:
    """Open a ticket. The contract is the one covering the item on the report date (a
    ticket on an uncovered item is allowed). The level is the one given (it must be the
    contract's), else the one the reporter's ``impact`` answer maps to, else the
    contract's default: a covered item's ticket has clocks from the first minute.
    Files sent with the report are kept with it, or nothing is created."""
    require(actor, Cap.TICKET_CREATE, hospital)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("Keep it under %d characters; attach longer texts as files.") % DESCRIPTION_MAX
        ]
    if item is not None and item.hospital_id != hospital.pk:
        errors["item"] = [_("It belongs to another hospital.")]
    if department is not None and department.hospital_id != hospital.pk:
        errors["department"] = [_("It belongs to another hospital.")]
    elif (
        department is not None and getattr(actor, "role", "") == Role.CLINICIAN
        and department.pk != actor.department_id
    ):  # fmt: skip
        errors["department"] = [_("A clinician reports for their own department.")]
    if call_started_at is not None and (
        timezone.is_naive(call_started_at) or call_started_at > timezone.now()
    ):
        errors["call_started_at"] = [_("Give the call's time with its offset, not in the future.")]
    if impact and impact not in Impact.values:
        errors["impact"] = [_("Choose one of: %s.") % ", ".join(Impact.values)]
    if call_seconds is not None and not 0 <= call_seconds <= 24 * 3600:
        errors["call_seconds"] = [_("Give the call's length in seconds (at most a day).")]
    if errors:
        raise ValidationError(fields=errors)
    when = recorded_at(actor, reported_at) if reported_at else timezone.now()
    if reported_at and not backdate_reason.strip():
        raise ValidationError(
            fields={"reported_at": [_("Say why the report time is earlier than now.")]}
        )
    contract = (
        contract_covering(item=item, on=timezone.localdate(when)) if item is not None else None
    )
    level = None
    if level_code:
        level = contract.levels.filter(code=level_code).first() if contract else None
        if level is None:
            raise ValidationError(
                fields={
                    "level": [
                        _("The contract covering this item has no level “%s”.") % level_code
                        if contract
                        else _("The item is not covered by a contract, so it has no levels.")
                    ]
                }
            )
    elif contract is not None:
        level = level_for(contract, impact=impact)
    item_of_contract = None
    if service_item:
        item_of_contract = (
            contract.service_items.filter(code=service_item).first() if contract else None
        )
        if item_of_contract is None:
            raise ValidationError(
                fields={
                    "service_item": [
                        _("The contract covering this item has no service item “%s”.")
                        % service_item
                    ]
                }
            )
    if getattr(actor, "is_vendor", False) and (
        contract is None or contract.vendor_id != actor.vendor_id
    ):
        raise ValidationError(fields={"item": [_("Your company does not maintain this item.")]})
    ticket = Ticket.objects.create(
        hospital=hospital,
        number=ticket_number_next(hospital=hospital, kind=kind, year=timezone.localdate(when).year),
        kind=kind, title=title.strip(), description=description, item=item, contract=contract, level=level,
        impact=impact, service_item=item_of_contract, channel=channel, reported_at=when, reporter=actor if getattr(actor, "pk", None) else None,
        reporter_name=reporter_name or str(actor), phone=phone, department=department, location=location,
        caller_number=caller_number.strip(), call_started_at=call_started_at, call_seconds=call_seconds,
    )  # fmt: skip
    SLAClock.objects.bulk_create(clocks.plan(ticket, level, timezone.now()))
    event_record(
        ticket,
        actor=actor,
        action="create",
        at=when,
        note=backdate_reason,
        data={"channel": channel},
    )
    for upload in attachments:
        attachment_add(actor=actor, ticket=ticket, upload=upload)
    if contract is not None and kind == Kind.INCIDENT:  # 远程报障 ≤ 15 次/年 and the like
        quota_uses_for(actor=actor, contract=contract, trigger=QuotaTrigger.INCIDENT, used_on=timezone.localdate(when),
                       object_type=QUOTA_OBJECT, object_id=ticket.pk, object_repr=ticket.number)  # fmt: skip
    if ticket.major:
        _major_incident_started(ticket)
    else:
        _announce_created(ticket)
    return ticket


def _announce_created(ticket: Ticket) -> None:
    """A new ticket: the vendor's project managers (when a contract covers it) and the IT
    administrators hear of it, and so do the channels that want the event (a monitoring
    incident is announced as ``alert_received``)."""
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    people = ticket_audience(ticket=ticket, occasion="created")
    kind = "alert_received" if ticket.channel == "monitoring" else "ticket_created"
    with system_language():
        template = (
            _("Alert: new incident %(number)s %(title)s")
            if kind == "alert_received"
            else _("New ticket %(number)s: %(title)s")
        )
        title = template % {"number": ticket.number, "title": mask_text(ticket.title)}
    transaction.on_commit(
        lambda: notification_send(
            hospital=ticket.hospital,
            recipients=people,
            kind=kind,
            key=f"created:{ticket.pk}",
            title=title,
            url=f"/tickets/{ticket.number}/",
        )
    )


def _major_incident_started(ticket: Ticket) -> None:
    """A system-level fault: the vendor's project managers and on-site engineers and the IT
    department are told at once (after commit), whatever the clocks say."""
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    people = ticket_audience(ticket=ticket, occasion="major_incident")
    with system_language():
        title = _("Major incident %(number)s: %(title)s (%(level)s)") % {
            "number": ticket.number,
            "title": mask_text(ticket.title),
            "level": ticket.level.name,
        }

    def tell() -> None:
        from hisops.oncall.services import escalation_start

        notification_send(hospital=ticket.hospital, recipients=people, kind="major_incident",
                          key=f"major:{ticket.pk}", title=title, url=f"/tickets/{ticket.number}/")  # fmt: skip
        escalation_start(hospital=ticket.hospital, event="major_incident", key=f"major:{ticket.pk}",
                         title=title, url=f"/tickets/{ticket.number}/")  # fmt: skip

    transaction.on_commit(tell)


@transaction.atomic
def ticket_comment(*, actor, ticket: Ticket, text: str) -> TicketEvent:
    """An update on the ticket's timeline (for a major incident, the running log)."""
    require(actor, Cap.TICKET_VIEW, ticket.hospital)
    if not text.strip():
        raise ValidationError(fields={"text": [_("This field is required.")]})
    if not (
        can(actor, Cap.TICKET_WORK, ticket.hospital)
        or ticket.reporter_id == getattr(actor, "pk", None)
    ):
        raise PermissionDenied()
    event = TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=actor if getattr(actor, "pk", None) else None,
        action="comment", at=timezone.now(), from_status=ticket.status, to_status=ticket.status, note=text.strip(),
    )  # fmt: skip
    audit_record(actor=actor, action="tickets.ticket.comment", obj=ticket)
    return event


@transaction.atomic
def ticket_merge(*, actor, ticket: Ticket, into: Ticket, note: str = "") -> Ticket:
    """Close a duplicate report into the ticket that carries the work. The duplicate's
    clocks stop, its timeline and attachments stay, and both timelines say so."""
    require(actor, Cap.TICKET_MANAGE, ticket.hospital)
    if into.pk == ticket.pk:
        raise ValidationError(fields={"into": [_("A ticket cannot be merged into itself.")]})
    if into.hospital_id != ticket.hospital_id:
        raise ValidationError(fields={"into": [_("It belongs to another hospital.")]})
    # Lock both in id order, so two merges of the same pair cannot deadlock.
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update(of=("self",))
        .filter(pk__in=[ticket.pk, into.pk])
        .order_by("pk")
    }
    ticket, into = locked[ticket.pk], locked[into.pk]
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError(
            _("A ticket that is %(status)s cannot be asked to %(action)s.")
            % {"status": ticket.get_status_display(), "action": OTHER_ACTION_WORDS["merge"]},
            code="invalid_transition",
        )
    if into.status in {Status.CANCELLED, Status.MERGED, Status.CLOSED}:
        raise ValidationError(
            fields={"into": [_("Merge into a ticket that is still being worked on.")]}
        )
    before, now = ticket.status, timezone.now()
    ticket.status, ticket.merged_into, ticket.closed_at = Status.MERGED, into, now
    ticket.paused_since = None
    ticket.save(update_fields=["status", "merged_into", "closed_at", "paused_since", "updated_at"])
    event_record(ticket, actor=actor, action="merge", at=now, before=before, note=note,
           data={"into": into.number})  # fmt: skip
    quota_uses_release(
        actor=actor, object_type=QUOTA_OBJECT, object_id=ticket.pk, reason=into.number
    )
    TicketEvent.objects.create(
        hospital_id=into.hospital_id, ticket=into, actor=actor if getattr(actor, "pk", None) else None,
        action="merged_from", at=now, from_status=into.status, to_status=into.status,
        note=ticket.number, data={"duplicate": ticket.number},
    )  # fmt: skip
    return ticket


def _replan(ticket: Ticket, level, now: datetime) -> None:
    """Plan the level's clocks from the ticket's start, keeping met times and pauses."""
    old = {c.target: c for c in ticket.clocks.all()}
    new = clocks.plan(ticket, level, now)
    for clock in new:
        previous = old.get(clock.target)
        if previous is not None:
            clock.met_at, clock.paused_minutes = previous.met_at, previous.paused_minutes
            clock.warned_at, clock.escalated_at = previous.warned_at, previous.escalated_at
            clocks.derive(clock, ticket, now)
    ticket.clocks.all().delete()
    SLAClock.objects.bulk_create(new)


@transaction.atomic
def ticket_change_level(*, actor, ticket: Ticket, level: str, reason: str) -> Ticket:
    """A new level recomputes every clock from the ticket's start (met times are kept)."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("level", "contract")
        .get(pk=ticket.pk)
    )
    require(actor, Cap.TICKET_MANAGE, ticket.hospital)
    if ticket.contract is None:
        raise ValidationError(
            fields={"level": [_("The ticket has no contract, so it has no levels.")]}
        )
    code, level = level, ticket.contract.levels.filter(code=level).first()
    if level is None:
        raise ValidationError(fields={"level": [_("The contract has no such level: %s.") % code]})
    if not reason.strip():
        raise ValidationError(fields={"reason": [_("Say why the level changes.")]})
    before_level = ticket.level.code if ticket.level else ""
    before_level_name = ticket.level.name if ticket.level else ""
    now = timezone.now()
    _replan(ticket, level, now)
    was_major = ticket.major
    ticket.level = level
    ticket.save(update_fields=["level", "updated_at"])
    if ticket.major and not was_major:
        _major_incident_started(ticket)
    event_record(
        ticket, actor=actor, action="change_level", at=now, before=ticket.status,
        note=reason, data={"level": [before_level, level.code]},
        changes={"level": [before_level_name, level.name]},
    )  # fmt: skip
    return ticket
