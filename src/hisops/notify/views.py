import logging

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, require
from hisops.core.errors import NotFound
from hisops.core.forms import submit
from hisops.core.selectors import hospital_for_write
from hisops.notify import selectors, services
from hisops.notify.forms import ChannelForm

logger = logging.getLogger(__name__)


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notify/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one read and follow its link."""
    try:
        services.notification_read(actor=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    target = (
        selectors.notification_list(user=request.user)
        .filter(pk=pk)
        .values_list("url", flat=True)
        .first()
    )
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notify:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    services.notification_read(actor=request.user)
    return redirect("notify:notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request):
    """Group robots and webhooks, and the log of what was sent where."""
    require(request.user, Cap.CHANNEL_MANAGE)
    form = ChannelForm(request.POST if request.method == "POST" else None)
    hospital = hospital_for_write(user=request.user)
    if submit(
        request,
        form,
        lambda data: services.channel_create(actor=request.user, hospital=hospital, **data),
    ):
        return redirect("notify:channel_list")
    return render(request, "notify/channel_list.html", {
        "form": form,
        "channels": selectors.channel_list(user=request.user),
        "deliveries": selectors.delivery_list(user=request.user)[:50],
    })  # fmt: skip
