"""Intake set-up (WeCom applications, 报修 mailboxes) and the WeCom callback."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hisops.core.capabilities import Cap, require
from hisops.core.forms import submit
from hisops.core.selectors import hospital_for_write
from hisops.core.throttle import hook_refused
from hisops.intake import selectors, services, wecom
from hisops.intake.forms import MailboxForm, WecomAppForm
from hisops.intake.models import WecomApp

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def intake_settings(request):
    """Where messages come in from: WeCom applications and 报修 mailboxes."""
    require(request.user, Cap.CHANNEL_MANAGE)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    wecom_form = WecomAppForm(request.POST if posted == "wecom" else None)
    mailbox_form = MailboxForm(request.POST if posted == "mailbox" else None)
    hospital = hospital_for_write(user=request.user)
    for bound, service in (
        (wecom_form, services.wecom_app_create),
        (mailbox_form, services.mailbox_create),
    ):
        if submit(
            request,
            bound,
            lambda data, service=service: service(actor=request.user, hospital=hospital, **data),
        ):
            return redirect("intake:settings")
    return render(request, "intake/settings.html", {
        "wecom_form": wecom_form, "wecom_apps": selectors.wecom_apps(user=request.user),
        "mailbox_form": mailbox_form, "mailboxes": selectors.mailboxes(user=request.user),
        "base": request.build_absolute_uri("/").rstrip("/"),
    })  # fmt: skip


@csrf_exempt  # WeCom's servers call here; the signature in the query is the credential
@require_http_methods(["GET", "POST"])
def wecom_callback(request, token):
    app = (
        WecomApp.objects.filter(path_token=token, is_active=True).select_related("hospital").first()
    )
    throttled = hook_refused(request, credential=app and f"wecom:{app.pk}")
    if throttled:
        return throttled
    if app is None:
        raise Http404
    secrets_ = {
        "token": app.callback_token,
        "encoding_aes_key": app.encoding_aes_key,
        "receive_id": app.corp_id,
    }
    query = {k: request.GET.get(k, "") for k in ("msg_signature", "timestamp", "nonce")}
    try:
        if request.method == "GET":
            return HttpResponse(
                wecom.verify_url(**secrets_, **query, echostr=request.GET.get("echostr", "")),
                content_type="text/plain",
            )
        message = wecom.open_message(**secrets_, **query, body=request.body)
    except wecom.WecomError as exc:
        logger.warning("WeCom callback for %s refused: %s", app.pk, exc)
        return HttpResponse(status=400)
    answer = services.wecom_message_receive(app=app, message=message)
    xml = wecom.reply(answer, to_user=message.get("FromUserName", ""), from_corp=app.corp_id, token=app.callback_token,
                      encoding_aes_key=app.encoding_aes_key, nonce=query["nonce"] or "0")  # fmt: skip
    return HttpResponse(xml, content_type="application/xml")
