"""The audit log for the audit admin (and the security admin, for the audit admins): who
did what to which object, before and after, in words; filters and an .xlsx export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hisops.core.capabilities import Cap, require

from . import words
from .exporting import events_workbook
from .forms import AuditFilter
from .selectors import audit_event_list


@login_required
@require_GET
def event_list(request):
    require(request.user, Cap.AUDIT_VIEW)
    everything = audit_event_list(user=request.user)
    form = AuditFilter(request.GET or None, events=everything, user=request.user)
    events = audit_event_list(user=request.user, **form.filters())
    if request.GET.get("format") == "xlsx":
        from .services import audit_record

        audit_record(actor=request.user, action="audit.export", hospital=request.user.hospital_id,
                     changes={"filters": [None, {k: str(v) for k, v in form.filters().items()}]})  # fmt: skip
        response = HttpResponse(
            events_workbook(events),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = described(page.object_list, request.user)
    return render(request, "audit/event_list.html", {"page": page, "rows": rows, "form": form})


def described(events, user) -> list[dict]:
    """Each event in words: person, action, object (linked where the reader may open it),
    changes before → after. A constant number of queries per page."""
    events = list(events)
    names = words.related_names(events)
    objects = words.linked_objects(events)
    return [
        {
            "event": e,
            "actor": (e.actor.get_full_name() or e.actor.username)
            if e.actor
            else (e.actor_username or None),
            "action": words.action_words(e.action),
            "object_type": words.object_type_words(e.object_type),
            "link": words.object_link(e, user, objects),
            "changes": words.changes_words(e, names),
        }
        for e in events
    ]
