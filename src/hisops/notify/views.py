import logging

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, require
from hisops.core.errors import NotFound
from hisops.core.forms import submit
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .models import ChannelKind, WecomApp

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


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ChannelKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    target = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    secret = forms.CharField(label=_("Signing secret"), required=False, max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))  # fmt: skip
    per_minute = forms.IntegerField(label=_("Messages per minute"), initial=20, min_value=1, max_value=600,
                                    widget=forms.NumberInput(attrs={"class": "form-control"}))  # fmt: skip


class WecomAppForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    corp_id = forms.CharField(
        label="CorpID", max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    agent_id = forms.CharField(
        label="AgentId",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    callback_token = forms.CharField(
        label="Token", max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    encoding_aes_key = forms.CharField(label="EncodingAESKey", max_length=43, min_length=43,
                                       widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))  # fmt: skip


class MailboxForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    host = forms.CharField(
        label=_("IMAP server"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    port = forms.IntegerField(
        label=_("Port"), initial=993, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    use_ssl = forms.BooleanField(
        label="SSL",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    username = forms.CharField(
        label=_("User"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"class": "form-control"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request):
    """Group robots, webhooks and mailboxes, and the log of what was sent where."""
    require(request.user, Cap.CHANNEL_MANAGE)
    posted = request.POST.get("form", "channel") if request.method == "POST" else ""
    form = ChannelForm(request.POST if posted == "channel" else None)
    wecom_form = WecomAppForm(request.POST if posted == "wecom" else None)
    mailbox_form = MailboxForm(request.POST if posted == "mailbox" else None)
    hospital = hospital_for_write(user=request.user)
    for bound, service in (
        (form, services.channel_create),
        (wecom_form, services.wecom_app_create),
        (mailbox_form, services.mailbox_create),
    ):
        if submit(
            request,
            bound,
            lambda data, service=service: service(actor=request.user, hospital=hospital, **data),
        ):
            return redirect("notify:channel_list")
    return render(request, "notify/channel_list.html", {
        "form": form,
        "channels": selectors.channel_list(user=request.user),
        "deliveries": selectors.delivery_list(user=request.user)[:50],
        "wecom_form": wecom_form, "wecom_apps": selectors.wecom_apps(user=request.user),
        "mailbox_form": mailbox_form, "mailboxes": selectors.mailboxes(user=request.user),
        "base": request.build_absolute_uri("/").rstrip("/"),
    })  # fmt: skip


@csrf_exempt  # WeCom's servers call here; the signature in the query is the credential
@require_http_methods(["GET", "POST"])
def wecom_callback(request, token):
    from . import wecom

    app = (
        WecomApp.objects.filter(path_token=token, is_active=True).select_related("hospital").first()
    )
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
