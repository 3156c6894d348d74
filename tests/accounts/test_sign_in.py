"""Identity (等保 身份鉴别 and 安全审计): sign-ins, sign-outs and failures are in the audit log;
repeated failures lock the account for a cool-down, in the user's language; a refused page
is recorded too; sessions end when idle and at an absolute limit."""

import pytest
from django.test import Client

from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(make_user):
    user = make_user(Role.CLINICIAN, username="nurse1")
    user.set_password("Correct-horse-9")
    user.save()
    return user


def sign_in(client, username, password, ip="10.0.0.5"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_and_out_and_a_failure_are_recorded(nurse):
    client = Client()
    assert sign_in(client, "nurse1", "wrong").status_code == 200
    assert sign_in(client, "nurse1", "Correct-horse-9").status_code == 302
    client.post("/logout/", REMOTE_ADDR="10.0.0.5")
    actions = list(
        AuditEvent.objects.order_by("id").values_list("action", "success", "object_repr")
    )
    assert actions[:3] == [
        ("accounts.auth.login_failed", False, "nurse1"),
        ("accounts.auth.login", True, str(nurse)),
        ("accounts.auth.logout", True, str(nurse)),
    ]
    assert AuditEvent.objects.filter(source_ip="10.0.0.5").count() == 3


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(nurse, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "nurse1", "guess")
    locked = sign_in(client, "nurse1", "Correct-horse-9")
    assert locked.status_code == 429 and "登录已暂停" in locked.content.decode()
    assert AuditEvent.objects.filter(
        action="accounts.auth.locked_out", object_repr="nurse1"
    ).exists()
    # From another address the account stays locked; another account from here too.
    assert sign_in(Client(), "nurse1", "Correct-horse-9", ip="10.0.0.9").status_code == 429


def test_a_refused_page_is_recorded_outside_its_transaction(client, make_user):
    leader = make_user(Role.LEADER)
    client.force_login(leader)
    assert client.get("/tickets/report/").status_code == 403
    event = AuditEvent.objects.get(action="core.access.denied")
    assert (event.actor, event.success, event.object_repr) == (leader, False, "/tickets/report/")


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "signed_out"),
    [(8 * 3600 + 1, 10, True), (3600, 15 * 60 + 1, True), (3600, 14 * 60, False)],
)
def test_a_session_ends_when_idle_or_too_old(client, make_user, login_ago, seen_ago, signed_out):
    import time

    client.force_login(make_user(Role.IT_ADMIN))
    assert client.get("/tickets/").status_code == 200
    session = client.session
    session["hisops_login_at"] = int(time.time()) - login_ago
    session["hisops_seen_at"] = int(time.time()) - seen_ago
    session.save()
    assert client.get("/tickets/").status_code == (302 if signed_out else 200)


def test_api_tokens_are_kept_hashed_expire_and_die_with_a_password_change(api, make_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    from hisops.accounts.models import ApiToken
    from hisops.accounts.services import token_create
    from hisops.core.capabilities import SYSTEM

    person = make_user(Role.IT_ADMIN)
    key = token_create(actor=SYSTEM, user=person)
    stored = ApiToken.objects.get(user=person)
    assert key not in (stored.digest, stored.issued_under) and stored.prefix == key[:8]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/tickets/").status_code == 200
    assert (
        Client(HTTP_AUTHORIZATION=f"Token {key[:-1]}x").get("/api/v1/tickets/").status_code == 401
    )
    person.set_password("A-new-password-7")
    person.save()
    assert client.get("/api/v1/tickets/").status_code == 401  # revoked by the password change
    key = token_create(actor=SYSTEM, user=person)
    ApiToken.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/tickets/").status_code == 401
