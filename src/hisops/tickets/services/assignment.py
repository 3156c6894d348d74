"""Who works on a ticket: assignment to an engineer and/or a team, one or many at once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, can
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.core.masking import mask_text
from hisops.core.pagination import table_changed

from ..choices import OPEN_STATUSES
from ..models import Ticket, TicketEvent


def check_assignee(ticket: Ticket, person) -> None:
    """Someone of this hospital, and of the vendor whose contract covers the ticket if they
    are vendor staff."""
    if person.hospital_id != ticket.hospital_id or not person.is_active:
        raise ValidationError(fields={"assignee": [_("Choose someone of this hospital.")]})
    vendor_id = ticket.contract.vendor_id if ticket.contract_id else None
    if person.is_vendor and person.vendor_id != vendor_id:
        raise ValidationError(
            fields={"assignee": [_("This engineer's company does not maintain the item.")]}
        )


def _may_assign(actor, ticket: Ticket) -> bool:
    """IT staff assign anyone; a vendor's project manager its own people on its tickets."""
    if can(actor, Cap.TICKET_MANAGE, ticket.hospital):
        return True
    vendor_id = ticket.contract.vendor_id if ticket.contract_id else None
    return (
        getattr(actor, "role", "") == "vendor_manager"
        and vendor_id is not None
        and actor.vendor_id == vendor_id
        and can(actor, Cap.TICKET_WORK, ticket.hospital)
    )


@transaction.atomic
def ticket_assign(*, actor, ticket: Ticket, assignee=None, group=None) -> Ticket:
    """Give the ticket to an engineer, a team, or both. The new assignee is told."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("contract", "hospital")
        .get(pk=ticket.pk)
    )
    if not _may_assign(actor, ticket):
        raise PermissionDenied()
    if assignee is None and group is None:
        raise ValidationError(fields={"assignee": [_("Choose an engineer or a team.")]})
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Only open tickets can be assigned (this one is %s).") % ticket.get_status_display(),
            code="invalid_transition",
        )
    is_vendor_pm = not can(actor, Cap.TICKET_MANAGE, ticket.hospital)
    if assignee is not None:
        check_assignee(ticket, assignee)
        if is_vendor_pm and assignee.vendor_id != actor.vendor_id:
            raise PermissionDenied(_("A vendor assigns its own people only."))
    if group is not None:
        vendor_id = ticket.contract.vendor_id if ticket.contract_id else None
        if group.hospital_id != ticket.hospital_id or not group.is_active:
            raise ValidationError(fields={"group": [_("Choose a team of this hospital.")]})
        if group.vendor_id and group.vendor_id != vendor_id:
            raise ValidationError(
                fields={"group": [_("This team's company does not maintain the item.")]}
            )
        if is_vendor_pm and group.vendor_id != actor.vendor_id:
            raise PermissionDenied(_("A vendor assigns its own people only."))
    changes = {}
    if assignee is not None and assignee.pk != ticket.assignee_id:
        changes["assignee"] = [ticket.assignee_id, assignee.pk]
        ticket.assignee = assignee
    if group is not None and group.pk != ticket.group_id:
        changes["group"] = [ticket.group_id, group.pk]
        ticket.group = group
    if not changes:
        return ticket
    ticket.save(update_fields=["assignee", "group", "updated_at"])
    table_changed("tickets")
    note = " / ".join(str(x) for x in (assignee, group) if x is not None)
    event = TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=actor if getattr(actor, "pk", None) else None,
        action="assign", at=timezone.now(), from_status=ticket.status, to_status=ticket.status,
        note=note, data=changes,
    )  # fmt: skip
    audit_record(actor=actor, action="tickets.ticket.assign", obj=ticket, changes=changes)
    if "assignee" in changes:
        _tell_assignee(ticket, assignee, key=f"assign:{ticket.pk}:{assignee.pk}:{event.pk}")
    return ticket


def _tell_assignee(ticket: Ticket, assignee, *, key: str) -> None:
    from hisops.core.i18n import system_language
    from hisops.notify.services import notification_send

    with system_language():
        title = _("Assigned to you: %(number)s %(title)s") % {
            "number": ticket.number,
            "title": mask_text(ticket.title),
        }
    transaction.on_commit(
        lambda: notification_send(
            hospital=ticket.hospital,
            recipients=[assignee],
            kind="ticket_assigned",
            key=key,
            title=title,
            url=f"/tickets/{ticket.number}/",
        )
    )


@transaction.atomic
def tickets_bulk_assign(*, actor, tickets: list[Ticket], assignee=None, group=None) -> int:
    """Assign many tickets at once: all of them or, on the first refusal, none."""
    if not tickets:
        raise ValidationError(fields={"tickets": [_("Choose at least one ticket.")]})
    for ticket in tickets:
        try:
            ticket_assign(actor=actor, ticket=ticket, assignee=assignee, group=group)
        except ValidationError as exc:
            raise ValidationError(
                _("%(number)s: %(error)s") % {"number": ticket.number, "error": exc.describe()},
                code=exc.code,
            ) from exc
    return len(tickets)
