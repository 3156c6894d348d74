"""IT corrects what a ticket says after it was opened: the title, the item, the department
and the reporter. A new item is a new coverage question: the contract covering it on the
report date is found again, and the clocks are planned again from the report."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.contracts.choices import QuotaTrigger
from hisops.contracts.selectors import contract_covering, level_for
from hisops.contracts.services import quota_uses_for, quota_uses_release
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError
from hisops.core.masking import mask_text

from ..choices import OPEN_STATUSES, Kind
from ..models import Ticket
from .lifecycle import QUOTA_OBJECT, _major_incident_started, _replan, event_record

UNSET = object()


@transaction.atomic
def ticket_correct(
    *, actor, ticket: Ticket, reason: str, title=UNSET, item=UNSET, department=UNSET, reporter=UNSET
) -> Ticket:
    """Correct the fields given. A change of item re-resolves the contract (and the level:
    kept when the contract is the same, else the one the reporter's impact answer maps to,
    or the new contract's default) and recomputes the clocks from the report. The
    timeline and the audit log name each change, before and after."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("item", "department", "reporter", "contract", "level")
        .get(pk=ticket.pk)
    )
    require(actor, Cap.TICKET_MANAGE, ticket.hospital)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("Say why the ticket is corrected.")]
    if title is not UNSET and not title.strip():
        errors["title"] = [_("This field is required.")]
    for name, value in (("item", item), ("department", department), ("reporter", reporter)):
        if value not in (UNSET, None) and value.hospital_id != ticket.hospital_id:
            errors[name] = [_("It belongs to another hospital.")]
    if ticket.status not in OPEN_STATUSES and item is not UNSET and item != ticket.item:
        errors["item"] = [_("The item of a finished ticket is not changed: its clocks are final.")]
    if errors:
        raise ValidationError(fields=errors)

    changes: dict[str, list] = {}
    fields = ["updated_at"]

    def put(name: str, value, shown) -> None:
        old = ticket.clear(name) if name in ticket.PRIVATE_FIELDS else getattr(ticket, name)
        if value is UNSET or value == old:
            return
        changes[name] = [shown(old), shown(value)]
        setattr(ticket, name, value)
        fields.append(name)

    def named(obj) -> str:
        return str(getattr(obj, "name", "") or obj or "")

    put(
        "title", title.strip() if title is not UNSET else UNSET, mask_text
    )  # the log keeps no identifier
    put("department", department, named)
    if reporter is not UNSET and reporter != ticket.reporter:
        put("reporter", reporter, lambda p: str(p or ""))
        ticket.reporter_name = str(reporter or "")
        fields.append("reporter_name")
    item_changed = item is not UNSET and item != ticket.item
    put("item", item, named)
    if item_changed:
        contract = (
            contract_covering(item=item, on=timezone.localdate(ticket.reported_at))
            if item
            else None
        )
        if contract != ticket.contract:
            level = level_for(contract, impact=ticket.impact) if contract else None
            changes["contract"] = [
                ticket.contract.number if ticket.contract else "",
                contract.number if contract else "",
            ]
            if level != ticket.level:
                changes["level"] = [named(ticket.level), named(level)]
            was_major = ticket.major
            ticket.contract, ticket.level = contract, level
            fields += ["contract", "level"]
            if ticket.service_item_id:  # a service item is the old contract's
                changes["service_item"] = [named(ticket.service_item), ""]
                ticket.service_item = None
                fields.append("service_item")
            _replan(ticket, level, timezone.now())
            # The quotas it counted against are the old contract's: give them back, count anew.
            quota_uses_release(
                actor=actor, object_type=QUOTA_OBJECT, object_id=ticket.pk, reason=reason
            )
            if contract is not None and ticket.kind == Kind.INCIDENT:
                quota_uses_for(actor=actor, contract=contract, trigger=QuotaTrigger.INCIDENT,
                               used_on=timezone.localdate(ticket.reported_at), object_type=QUOTA_OBJECT,
                               object_id=ticket.pk, object_repr=ticket.number)  # fmt: skip
            if ticket.major and not was_major:
                _major_incident_started(ticket)
    if not changes:
        return ticket
    ticket.save(update_fields=fields)
    event_record(
        ticket, actor=actor, action="correct", at=timezone.now(), before=ticket.status,
        note=reason.strip(), data=changes, changes=changes,
    )  # fmt: skip
    return ticket
