"""Screenshots, logs and photos on a ticket."""

from django.db import transaction

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import PermissionDenied
from hisops.core.files import IMAGES, TYPES, checked_upload

from ..models import Attachment, Ticket, TicketEvent

IMAGE_TYPES = {TYPES[suffix] for suffix in IMAGES}


@transaction.atomic
def attachment_add(*, actor, ticket: Ticket, upload) -> Attachment:
    """Keep an uploaded file on the ticket. The type comes from the name's extension (an
    allow-list), never from what the browser claims; images may be shown inline."""
    require(actor, Cap.TICKET_VIEW, ticket.hospital)
    if not (
        can(actor, Cap.TICKET_WORK, ticket.hospital)
        or ticket.reporter_id == getattr(actor, "pk", None)
    ):
        raise PermissionDenied()
    file = checked_upload(upload)
    attachment = Attachment(
        hospital_id=ticket.hospital_id, ticket=ticket, name=file.name, size=file.size, content_type=file.content_type,
        sha256=file.sha256, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    attachment.file.save(file.name, upload, save=False)
    attachment.save()
    TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=attachment.uploaded_by, action="attach",
        at=attachment.created_at, from_status=ticket.status, to_status=ticket.status, note=file.name,
    )  # fmt: skip
    audit_record(
        actor=actor, action="tickets.attachment.add", obj=ticket,
        changes={"file": file.name, "sha256": attachment.sha256},
    )  # fmt: skip
    return attachment
