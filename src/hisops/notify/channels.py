"""Sending one delivery through its channel: SMTP mail, WeCom, DingTalk and Feishu group
robots, and a signed outbound webhook. Each sender raises :class:`SendError` with a reason
a person can act on; the delivery service records it and retries with backoff.

Signatures follow the vendors' published schemes:

* DingTalk: ``timestamp`` (ms) and ``sign`` = base64(HMAC-SHA256(key=secret,
  msg="{timestamp}\\n{secret}")), URL-encoded, as query parameters.
* Feishu/Lark: ``timestamp`` (s) and ``sign`` = base64(HMAC-SHA256(key="{timestamp}\\n{secret}",
  msg=b"")) in the JSON body.
* Our webhook: ``X-HISOps-Signature: sha256=<hex HMAC-SHA256(key=secret,
  msg="{timestamp}.{body}")>`` with ``X-HISOps-Timestamp``, like Stripe's and GitHub's.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote_plus, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from hisops.core.i18n import system_language
from hisops.notify.models import ChannelKind, Delivery

TIMEOUT = 10
# Robots cut long messages; we cut first, on a character boundary, and say so.
LIMITS = {ChannelKind.WECOM: 4096, ChannelKind.DINGTALK: 5000, ChannelKind.FEISHU: 4000}


class SendError(Exception):
    pass


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_sign(secret: str, timestamp_s: int, body: bytes) -> str:
    message = f"{timestamp_s}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def link(delivery: Delivery) -> str:
    base = getattr(settings, "HISOPS_BASE_URL", "").rstrip("/")
    return f"{base}{delivery.url}" if delivery.url and base else delivery.url


def markdown(delivery: Delivery, limit: int) -> str:
    parts = [f"**{delivery.subject}**"]
    if delivery.text:
        parts.append(delivery.text)
    if delivery.url:
        with system_language():
            parts.append(f"[{_('View details')}]({link(delivery)})")
    return _cut("\n\n".join(parts), limit)


def _cut(text: str, limit_bytes: int) -> str:
    data = text.encode()
    if len(data) <= limit_bytes:
        return text
    with system_language():
        tail = "… " + _("(truncated)")
    return data[: limit_bytes - len(tail.encode())].decode(errors="ignore") + tail


def _post_json(url: str, payload: dict, headers: dict | None = None) -> dict:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return _post(url, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def _post(url: str, body: bytes, headers: dict) -> dict:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        # Only http(s) URLs reach here: channel_create refuses other schemes.
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code}: {exc.read()[:200].decode(errors='replace')}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


def _with_query(url: str, extra: dict) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(extra, quote_via=quote_plus)]))
    return urlunsplit(parts._replace(query=query))


def send_wecom(delivery: Delivery) -> None:
    answer = _post_json(
        delivery.target,
        {
            "msgtype": "markdown",
            "markdown": {"content": markdown(delivery, LIMITS[ChannelKind.WECOM])},
        },
    )
    if answer.get("errcode", 0) != 0:
        raise SendError(f"WeCom errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def send_dingtalk(delivery: Delivery) -> None:
    url = delivery.target
    secret = delivery.channel.secret if delivery.channel_id else ""
    if secret:
        stamp = int(time.time() * 1000)
        url = _with_query(url, {"timestamp": stamp, "sign": dingtalk_sign(secret, stamp)})
    text = markdown(delivery, LIMITS[ChannelKind.DINGTALK])
    answer = _post_json(
        url, {"msgtype": "markdown", "markdown": {"title": delivery.subject[:60], "text": text}}
    )
    if answer.get("errcode", 0) != 0:
        raise SendError(f"DingTalk errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def send_feishu(delivery: Delivery) -> None:
    payload: dict = {
        "msg_type": "text",
        "content": {"text": markdown(delivery, LIMITS[ChannelKind.FEISHU]).replace("**", "")},
    }
    secret = delivery.channel.secret if delivery.channel_id else ""
    if secret:
        stamp = int(time.time())
        payload = {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp), **payload}
    answer = _post_json(delivery.target, payload)
    code = answer.get("code", answer.get("StatusCode", 0))
    if code != 0:
        raise SendError(f"Feishu code {code}: {answer.get('msg', answer.get('StatusMessage', ''))}")


def send_webhook(delivery: Delivery) -> None:
    body = json.dumps(
        {"event": delivery.event, "key": delivery.key, "delivery": delivery.pk, "hospital": delivery.hospital.code,
         "title": delivery.subject, "text": delivery.text, "url": link(delivery)},
        ensure_ascii=False, sort_keys=True,
    ).encode()  # fmt: skip
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-HISOps-Event": delivery.event,
        "X-HISOps-Delivery": str(delivery.pk),  # the same on every retry: receivers can dedupe
        "X-HISOps-Timestamp": str(stamp),
    }
    secret = delivery.channel.secret if delivery.channel_id else ""
    if secret:
        headers["X-HISOps-Signature"] = webhook_sign(secret, stamp, body)
    _post(delivery.target, body, headers)


def send_email(delivery: Delivery) -> None:
    message = EmailMessage(
        subject=delivery.subject,
        body="\n\n".join(filter(None, [delivery.text, link(delivery)])),
        to=[delivery.target],
        # Stable per delivery, so a retry after an unclear failure is one mail to the reader.
        headers={"Message-ID": f"<delivery-{delivery.pk}-{delivery.digest[:16]}@hisops>"},
    )
    for attachment in delivery.attachments:
        try:
            with default_storage.open(attachment["path"], "rb") as stored:
                message.attach(attachment["name"], stored.read(), attachment.get("content_type"))
        except OSError as exc:
            raise SendError(f"attachment {attachment['name']}: {exc}") from exc
    try:
        message.send(fail_silently=False)
    except OSError as exc:  # smtplib errors are OSErrors
        raise SendError(f"SMTP: {exc}") from exc


SENDERS = {
    ChannelKind.EMAIL: send_email,
    ChannelKind.WECOM: send_wecom,
    ChannelKind.DINGTALK: send_dingtalk,
    ChannelKind.FEISHU: send_feishu,
    ChannelKind.WEBHOOK: send_webhook,
}
