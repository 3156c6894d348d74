"""Files on tickets: attachments and signature images, served only to those who may see
the ticket (never from a public media URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hisops.core.errors import DomainError
from hisops.core.sealing import file_digest

from .. import selectors, services
from ..masking import clear_for
from ..services.attachments import IMAGE_TYPES


@login_required
@require_POST
def attachment_upload(request, number):
    ticket = selectors.ticket_get(user=request.user, number=number)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("Choose a file to attach."))
    for upload in files[:10]:
        try:
            services.attachment_add(actor=request.user, ticket=ticket, upload=upload)
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, f"{upload.name}: {exc.describe()}")
        else:
            messages.success(request, _("Attached %s.") % upload.name)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/tickets/") else f"/tickets/{ticket.number}/")


def _send(field_file, *, name: str, content_type: str, inline: bool) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def attachment_download(request, number, attachment_id):
    attachment = selectors.attachment_get(
        user=request.user, number=number, attachment_id=attachment_id
    )
    if file_digest(attachment.file) != attachment.sha256:  # changed on the disk since the upload
        return render(
            request,
            "tickets/file_altered.html",
            {"attachment": attachment, "number": number},
            status=409,
        )
    return _send(
        attachment.file, name=clear_for(request.user, attachment, "name"), content_type=attachment.content_type,
        inline=attachment.content_type in IMAGE_TYPES,
    )  # fmt: skip


@login_required
@require_GET
def signature_image(request, number, visit_id):
    visit = selectors.visit_get(user=request.user, number=number, visit_id=visit_id)
    if not visit.signature:
        raise Http404
    return _send(visit.signature, name="signature.png", content_type="image/png", inline=True)
