"""A ticket as this viewer may see it: the one masking policy of the service desk.

People who may not see patient data (vendor staff, leaders) get 身份证号 and phone numbers in every
free text masked, phone fields masked and the reporter's name shortened, on every surface:
the queue, the ticket and on-site pages, the timeline and comments, the repair sheet, the
API. Mail and robots get masked text whoever reads them (``notify``)."""

from types import SimpleNamespace

from hisops.core.capabilities import Cap, can
from hisops.core.masking import mask_phone, mask_text

from .models import PHONE_FIELDS, TEXT_FIELDS

NAME_FIELDS = ("reporter_name",)


def may_see_patient_data(user) -> bool:
    """The hospital's IT staff and its clinicians see patient identifiers whole; vendors'
    people and the hospital's leaders see them masked (``Cap.PATIENT_DATA_VIEW``)."""
    return can(user, Cap.PATIENT_DATA_VIEW)


def mask_name(name: str) -> str:
    return f"{name[:1]}*" if name else ""


def text_for(user, text: str) -> str:
    """Free text as this viewer may see it (what is stored is masked already)."""
    return text if may_see_patient_data(user) else mask_text(text)


def clear_for(user, record, name: str) -> str:
    """A field of a ticket, a timeline entry or an attachment as this viewer may see it:
    whole (from the encrypted original) for those allowed, masked for the others."""
    if may_see_patient_data(user):
        return record.clear(name)
    value = getattr(record, name) or ""
    return mask_phone(value) if name in PHONE_FIELDS and value else mask_text(value)


def shown(ticket, user) -> SimpleNamespace:
    """The ticket's sensitive fields as this viewer may see them (deferred fields are
    left out rather than loaded)."""
    clear = may_see_patient_data(user)
    loaded = ticket.get_deferred_fields()
    values = {}
    for name in (*TEXT_FIELDS, *PHONE_FIELDS, *NAME_FIELDS):
        if name in loaded:
            continue
        value = ticket.clear(name) if clear else (getattr(ticket, name) or "")
        if not clear:
            if name in PHONE_FIELDS:
                value = mask_phone(value) if value else ""
            elif name in NAME_FIELDS:
                value = mask_name(value)
            else:
                value = mask_text(value)
        values[name] = value
    return SimpleNamespace(**values)


def bears_patient_data(ticket) -> bool:
    """Whether the ticket holds patient identifiers (a 身份证号 or phone number in its text,
    or a call-back number): reading it whole is then an audit event (等保 安全审计)."""
    return bool(ticket.phone or ticket.caller_number or ticket.private)


def record_read(ticket, user) -> None:
    """A whole read of a patient-bearing ticket by someone who sees it unmasked."""
    from hisops.audit.services import audit_record

    if may_see_patient_data(user) and bears_patient_data(ticket):
        audit_record(actor=user, action="tickets.ticket.read", obj=ticket)


def callback_number(ticket, user, *, dispatched: bool) -> str:
    """The ward's call-back number on the on-site page: whole for the engineer sent there
    (a read of patient data, so audited when not already theirs to see), masked for other
    vendor staff."""
    if not dispatched or may_see_patient_data(user) or not ticket.phone:
        return clear_for(user, ticket, "phone")
    from hisops.audit.services import audit_record

    audit_record(actor=user, action="tickets.ticket.read", obj=ticket, message="call-back number")
    return ticket.clear("phone")
