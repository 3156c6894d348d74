"""Notifications out: every channel against a real local peer, signatures recomputed here
from the vendors' documented schemes, retries with backoff, per-minute limits kept by
queueing, one delivery per event and target, and no patient numbers in group messages."""

import base64
import email
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.notify.models import Delivery
from hisops.notify.services import (
    channel_create,
    deliveries_due,
    delivery_attempt,
    notification_send,
)

from .peers import free_port, start_http_peer

pytestmark = pytest.mark.django_db
PATIENT_TITLE = "3床 张三 身份证 110101199003078515 电话 13912345678 腕带打印失败"


@pytest.fixture
def peer():
    peer = start_http_peer()
    yield peer
    peer.server.shutdown()


def announce(hospital, people=(), key="evt-1", title="工单 INC-2026-000001 已指派", body=""):
    notification_send(hospital=hospital, recipients=people, kind="ticket_assigned", key=key,
                      title=title, body=body, url="/tickets/INC-2026-000001/")  # fmt: skip
    return list(Delivery.objects.filter(key=key).order_by("id"))


def send_all(deliveries):
    return [delivery_attempt(delivery_id=d.pk) for d in deliveries]


def test_dingtalk_signature_is_the_documented_one(hospital, peer):
    secret = "SEC0123456789abcdef"
    channel_create(actor=SYSTEM, hospital=hospital, kind="dingtalk", name="信息科钉钉群",
                   target=f"{peer.url}/robot/send?access_token=tok", secret=secret)  # fmt: skip
    assert send_all(announce(hospital)) == ["sent"]
    request = peer.requests[0]
    stamp = request.query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request.query["access_token"] == ["tok"]
    assert request.query["sign"][0] == expected  # parse_qs undid the URL encoding
    assert len(stamp) == 13  # milliseconds
    body = request.json()
    assert body["msgtype"] == "markdown" and "已指派" in body["markdown"]["text"]


def test_feishu_signature_is_the_documented_one(hospital, peer):
    secret = "feishu-secret"
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="feishu",
        name="飞书群",
        target=f"{peer.url}/hook/x",
        secret=secret,
    )
    assert send_all(announce(hospital)) == ["sent"]
    body = peer.requests[0].json()
    key = f"{body['timestamp']}\n{secret}".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["msg_type"] == "text" and "已指派" in body["content"]["text"]


def test_webhook_is_signed_over_the_exact_bytes(hospital, peer):
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="webhook",
        name="集成平台",
        target=f"{peer.url}/in",
        secret="whsec",
    )
    assert send_all(announce(hospital, body="请尽快处理")) == ["sent"]
    request = peer.requests[0]
    stamp = request.headers["X-HISOps-Timestamp"]
    digest = hmac.new(b"whsec", stamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-HISOps-Signature"] == f"sha256={digest}"
    assert request.json()["event"] == "ticket_assigned" and request.json()["text"] == "请尽快处理"


def test_wecom_error_is_retried_with_backoff_then_sent(hospital, peer):
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="wecom",
        name="企业微信群",
        target=f"{peer.url}/cgi-bin/webhook/send?key=k",
    )
    peer.replies.append((200, {"errcode": 45009, "errmsg": "api freq out of limit"}))
    (delivery,) = announce(hospital)
    assert delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "45009" in delivery.last_error and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)  # 1 minute
    assert deliveries_due() == 0  # not yet
    assert deliveries_due(now=timezone.now() + timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2 and len(peer.requests) == 2
    assert peer.requests[1].json()["msgtype"] == "markdown"


def test_a_dead_peer_is_given_up_after_six_attempts(hospital):
    port = free_port()  # nobody listens here
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="webhook",
        name="坏地址",
        target=f"http://127.0.0.1:{port}/x",
    )
    (delivery,) = announce(hospital)
    later = timezone.now()
    statuses = []
    for _ in range(6):
        later += timedelta(hours=1)
        statuses.append(delivery_attempt(delivery_id=delivery.pk, now=later))
    assert statuses == ["failed"] * 5 + ["dead"]
    assert delivery_attempt(delivery_id=delivery.pk, now=later + timedelta(days=1)) == "dead"


def test_per_minute_limit_queues_instead_of_dropping(hospital, peer):
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="dingtalk",
        name="限流群",
        target=f"{peer.url}/robot",
        per_minute=3,
    )
    deliveries = [announce(hospital, key=f"e{n}")[0] for n in range(5)]
    assert send_all(deliveries) == ["sent"] * 3 + ["pending"] * 2
    waiting = Delivery.objects.filter(status="pending")
    assert all(d.next_attempt_at >= timezone.now() + timedelta(seconds=55) for d in waiting)
    assert deliveries_due(now=timezone.now() + timedelta(seconds=61)) == 2
    assert Delivery.objects.filter(status="sent").count() == 5 and len(peer.requests) == 5


def test_one_delivery_per_event_and_target_even_when_a_worker_dies(hospital, peer):
    channel_create(actor=SYSTEM, hospital=hospital, kind="wecom", name="群", target=f"{peer.url}/w")
    (delivery,) = announce(hospital)
    assert announce(hospital) == [delivery]  # the same event again: nothing new
    # A worker claimed it and died mid-send: while the claim lasts nobody else sends it…
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", claimed_until=timezone.now() + timedelta(minutes=2), attempts=1
    )
    assert delivery_attempt(delivery_id=delivery.pk) == "sending" and not peer.requests
    # …and once it has expired, the sweep sends it, once.
    assert deliveries_due(now=timezone.now() + timedelta(minutes=3)) == 1
    assert deliveries_due(now=timezone.now() + timedelta(minutes=4)) == 0
    assert len(peer.requests) == 1


def test_group_robots_get_the_masked_title_only(hospital, peer):
    channel_create(actor=SYSTEM, hospital=hospital, kind="wecom", name="群", target=f"{peer.url}/w")
    channel_create(
        actor=SYSTEM, hospital=hospital, kind="dingtalk", name="钉钉", target=f"{peer.url}/d"
    )
    send_all(
        announce(hospital, title=PATIENT_TITLE, body="患者住院号 ZY20260001，联系电话 13912345678")
    )
    for request in peer.requests:
        text = request.body.decode()
        assert "110101199003078515" not in text and "13912345678" not in text
        assert "ZY20260001" not in text  # the body never goes to a group
        assert "腕带打印失败" in json.dumps(request.json(), ensure_ascii=False)


def test_email_reaches_a_real_smtp_server(hospital, make_user, settings):
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        engineer = make_user(Role.IT_ENGINEER, email="li@example.org")
        nobody = make_user(Role.IT_ENGINEER, email="")
        deliveries = announce(
            hospital, people=[engineer, nobody], title=PATIENT_TITLE, body="床旁电话 13912345678"
        )
        assert [d.target for d in deliveries] == ["li@example.org"]
        assert send_all(deliveries) == ["sent"]
    finally:
        controller.stop()
    (envelope,) = received
    assert envelope.rcpt_tos == ["li@example.org"]
    message = email.message_from_bytes(envelope.content)
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "腕带打印失败" in subject and "110101199003078515" not in subject
    body = message.get_payload(decode=True).decode()
    assert "13912345678" not in body and "/tickets/INC-2026-000001/" in body
    assert message["Message-ID"].startswith(f"<delivery-{deliveries[0].pk}-")


def test_channels_are_it_admins_business_and_need_real_addresses(hospital, make_user):
    with pytest.raises(PermissionDenied):
        channel_create(
            actor=make_user(Role.VENDOR_MANAGER),
            hospital=hospital,
            kind="wecom",
            name="x",
            target="http://a/b",
        )
    with pytest.raises(ValidationError) as exc:
        channel_create(
            actor=SYSTEM, hospital=hospital, kind="webhook", name="x", target="file:///etc/passwd"
        )
    assert "target" in exc.value.fields
    with pytest.raises(ValidationError):
        channel_create(
            actor=SYSTEM, hospital=hospital, kind="email", name="x", target="not-an-address"
        )


def test_the_channels_page_adds_a_robot_and_shows_the_log(
    client, it_admin, make_user, hospital, peer
):
    client.force_login(it_admin)
    response = client.post("/notifications/channels/", {"kind": "dingtalk", "name": "信息科值班群",
                                                         "target": f"{peer.url}/robot", "secret": "s", "per_minute": 20})  # fmt: skip
    assert response.status_code == 302
    send_all(announce(hospital))
    page = client.get("/notifications/channels/").content.decode()
    assert "信息科值班群" in page and "已指派" in page
    refused = client.post(
        "/notifications/channels/",
        {"kind": "webhook", "name": "坏", "target": "ftp://x", "per_minute": 20},
    )
    assert refused.status_code == 200 and "http" in refused.content.decode()
    client.force_login(make_user(Role.VENDOR_MANAGER))
    assert client.get("/notifications/channels/").status_code == 403


def test_a_new_ticket_is_announced_to_the_vendor_pm_it_and_the_robot(
    hospital, his, it_admin, make_user, peer, django_capture_on_commit_callbacks
):
    from hisops.tickets.services import ticket_create

    pm = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="wecom",
        name="群",
        target=f"{peer.url}/w",
        events=["ticket_created"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(
            actor=it_admin, hospital=hospital, title=PATIENT_TITLE, item=his, level_code="2"
        )
    from hisops.notify.models import Notification

    assert set(
        Notification.objects.filter(kind="ticket_created").values_list("recipient", flat=True)
    ) == {pm.pk, it_admin.pk}
    (delivery,) = Delivery.objects.filter(kind="wecom")
    assert ticket.number in delivery.subject and "110101199003078515" not in delivery.subject
