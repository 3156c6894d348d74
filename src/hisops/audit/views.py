from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hisops.core.capabilities import Cap, require

from .selectors import audit_event_list


@login_required
@require_GET
def event_list(request):
    require(request.user, Cap.AUDIT_VIEW)
    events = audit_event_list(user=request.user, action=request.GET.get("action", "").strip())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page})
