"""On-site work (replaces the paper 维修单): the engineer records what was done on the
visit the dispatch opened, and the hospital's signer signs on the engineer's phone."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError
from hisops.core.sealing import seal
from hisops.core.signatures import signature_errors

from ..events import visit_signed
from ..models import OnsiteVisit, Ticket, TicketEvent


def _current_visit(ticket: Ticket) -> OnsiteVisit:
    """The latest visit the engineer has checked in on."""
    visit = (
        OnsiteVisit.objects.select_for_update()
        .filter(ticket=ticket, arrived_at__isnull=False)
        .order_by("-dispatched_at", "-id")
        .first()
    )
    if visit is None:
        raise ValidationError(
            _("Check in on site first: there is no visit with an arrival."), code="not_arrived"
        )
    return visit


def _timeline(ticket: Ticket, *, actor, action: str, note: str = "", data=None) -> None:
    TicketEvent.objects.create(
        hospital_id=ticket.hospital_id, ticket=ticket, actor=actor if getattr(actor, "pk", None) else None,
        action=action, at=timezone.now(), from_status=ticket.status, to_status=ticket.status,
        note=note, data=data or {},
    )  # fmt: skip


@transaction.atomic
def visit_record_work(
    *, actor, ticket: Ticket, work_done: str, minutes_spent: int | None = None, parts: str = ""
) -> OnsiteVisit:
    """What the engineer did on site, how long it took, which parts were replaced. Can be
    corrected until the sheet is signed; after that the signed record stands."""
    require(actor, Cap.TICKET_WORK, ticket.hospital)
    errors: dict[str, list[str]] = {}
    if not work_done.strip():
        errors["work_done"] = [_("Describe what was done.")]
    if minutes_spent is not None and not 0 < minutes_spent <= 24 * 60:
        errors["minutes_spent"] = [_("Give the minutes spent, between 1 and 1440.")]
    if errors:
        raise ValidationError(fields=errors)
    visit = _current_visit(ticket)
    if visit.signed:
        raise ValidationError(
            _("The repair sheet is signed; its work record can no longer change."), code="signed"
        )
    visit.work_done, visit.minutes_spent, visit.parts = (
        work_done.strip(),
        minutes_spent,
        parts.strip(),
    )
    visit.save(update_fields=["work_done", "minutes_spent", "parts", "updated_at"])
    _timeline(ticket, actor=actor, action="work_record", note=visit.work_done,
              data={"minutes": minutes_spent, "parts": visit.parts})  # fmt: skip
    audit_record(
        actor=actor, action="tickets.visit.work", obj=ticket, message=visit.work_done[:500]
    )
    return visit


@transaction.atomic
def visit_sign(*, actor, ticket: Ticket, signer_name: str, image: bytes) -> OnsiteVisit:
    """The hospital signer's handwritten signature (a PNG from the screen), name and time.
    Signed once: the sheet is evidence, so a second signature is refused."""
    require(actor, Cap.TICKET_WORK, ticket.hospital)
    errors = signature_errors(signer_name=signer_name, image=image)
    if errors:
        raise ValidationError(fields=errors)
    visit = _current_visit(ticket)
    if not visit.work_done:
        raise ValidationError(
            fields={"work_done": [_("Record the work done before the hospital signs.")]}
        )
    if visit.signed:
        raise ValidationError(_("This repair sheet is already signed."), code="signed")
    visit.signer_name, visit.signed_at = signer_name.strip()[:100], timezone.now()
    visit.signature.save("signature.png", ContentFile(image), save=False)
    visit.seal = seal(visit.sealed_content())
    visit.save(update_fields=["signer_name", "signed_at", "signature", "seal", "updated_at"])
    _timeline(ticket, actor=actor, action="signed", note=visit.signer_name)
    visit_signed.send_on_commit(ticket_id=ticket.pk, visit_id=visit.pk)
    audit_record(
        actor=actor, action="tickets.visit.sign", obj=ticket, changes={"signer": visit.signer_name}
    )
    return visit
