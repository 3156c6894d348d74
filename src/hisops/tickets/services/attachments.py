"""Screenshots, logs and photos on a ticket."""

import hashlib
from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import PermissionDenied, ValidationError

from ..models import Attachment, Ticket, TicketEvent

MAX_BYTES = 20 * 1024 * 1024
# What may be attached, and the type it is served as: fixed here, not read from the
# machine's mime database or from what the browser claims.
ALLOWED = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".bmp": "image/bmp", ".heic": "image/heic", ".pdf": "application/pdf",
    ".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv", ".json": "application/json",
    ".xml": "application/xml", ".zip": "application/zip", ".7z": "application/x-7z-compressed",
    ".rar": "application/vnd.rar", ".gz": "application/gzip", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}  # fmt: skip
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"}


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
    name = PurePath(str(upload.name or "")).name.strip()[:200]
    suffix = PurePath(name).suffix.lower()
    if not name or suffix not in ALLOWED:
        raise ValidationError(
            fields={"file": [_("This kind of file is not accepted. Accepted: %s.") % " ".join(sorted(ALLOWED))]}
        )  # fmt: skip
    if not upload.size:
        raise ValidationError(fields={"file": [_("The file is empty.")]})
    if upload.size > MAX_BYTES:
        raise ValidationError(fields={"file": [_("The file is larger than 20 MB.")]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        hospital_id=ticket.hospital_id, ticket=ticket, name=name, size=upload.size,
        content_type=ALLOWED[suffix],
        sha256=digest.hexdigest(), uploaded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    attachment.file.save(name, upload, save=False)
    attachment.save()
    TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=attachment.uploaded_by, action="attach",
        at=attachment.created_at, from_status=ticket.status, to_status=ticket.status, note=name,
    )  # fmt: skip
    audit_record(
        actor=actor, action="tickets.attachment.add", obj=ticket,
        changes={"file": name, "sha256": attachment.sha256},
    )  # fmt: skip
    return attachment
