"""The signed repair sheet (维修单) as a PDF, for the archive: the same sheet the browser
prints, with patient identifiers masked, since the archive is read by the contract's
vendor too."""

from django.utils import timezone

from hisops.core.pdf import data_uri, render_pdf

from .masking import shown
from .models import OnsiteVisit


def repair_sheet_pdf(visit: OnsiteVisit) -> bytes:
    ticket = visit.ticket
    visits = list(ticket.visits.select_related("engineer").order_by("dispatched_at", "id"))
    for each in visits:
        each.signature_src = data_uri(each.signature) if each.signed else ""
    return render_pdf("tickets/repair_sheet_pdf.html", {
        "ticket": ticket, "shown": shown(ticket, None), "visits": visits, "printed_at": timezone.now(),
    })  # fmt: skip
