"""The second factor: the administrators' roles must enrol an authenticator; whoever has
one is asked for a code after the password (or a recovery code, once); nothing else opens
until then, and every failure is recorded."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, settings):
    settings.HISOPS_2FA_ROLES = ["it_admin", "security_admin", "audit_admin"]
    # django-otp slows repeated failures down (seconds); here the next try may follow at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    person = make_user(Role.IT_ADMIN, username="admin1")
    person.set_password("Admin-pass-123")
    person.save()
    return person


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client=None):
    client = client or Client()
    client.post("/login/", {"username": "admin1", "password": "Admin-pass-123"})
    return client


def test_an_administrator_enrols_then_is_asked_for_a_code_at_every_sign_in(admin):
    client = sign_in()
    assert client.get("/tickets/")["Location"] == "/2fa/setup/"
    page = client.get("/2fa/setup/").content.decode()
    assert "<svg" in page and 'data-testid="totp-secret"' in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post(
        "/2fa/setup/", {"token": "000000"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "That code is not right" in wrong
    codes_page = client.post("/2fa/setup/", {"token": code_for(device)}).content.decode()
    codes = re.findall(r"<li class=\"list-group-item\">(\d{8})</li>", codes_page)
    assert len(codes) == 10
    assert client.get("/tickets/").status_code == 200  # verified by the enrolment itself
    client.post("/logout/")
    client = sign_in()
    assert client.get("/tickets/")["Location"] == "/2fa/"
    client.post("/2fa/", {"token": "123456"})
    assert client.get("/tickets/")["Location"] == "/2fa/"  # a wrong code opens nothing
    assert AuditEvent.objects.filter(action="accounts.second_factor.failed", success=False).exists()
    client.post("/2fa/", {"token": codes[0]})  # a recovery code, once
    assert client.get("/tickets/").status_code == 200
    other = sign_in(Client())
    other.post("/2fa/", {"token": codes[0]})
    assert other.get("/tickets/")["Location"] == "/2fa/"  # used up


def test_a_role_that_does_not_require_it_signs_in_with_the_password(make_user, settings):
    settings.HISOPS_2FA_ROLES = ["it_admin"]
    nurse = make_user(Role.CLINICIAN, username="nurse2")
    nurse.set_password("Nurse-pass-123")
    nurse.save()
    client = Client()
    client.post("/login/", {"username": "nurse2", "password": "Nurse-pass-123"})
    assert client.get("/tickets/report/").status_code == 200


def test_a_new_administrator_passes_the_second_factor_then_changes_the_password(
    make_user, settings
):
    """Both gates closed at once (an account someone else created, a role that needs a
    second factor): one after the other, never sent back and forth between them."""
    from hisops.accounts.services import user_create

    settings.HISOPS_2FA_ROLES = ["it_admin"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    secadmin = make_user(Role.SECURITY_ADMIN)
    user_create(actor=secadmin, username="newadmin", role=Role.IT_ADMIN, hospital=secadmin.hospital,
                password="Given-by-sec-1")  # fmt: skip
    client = Client()
    client.post("/login/", {"username": "newadmin", "password": "Given-by-sec-1"})
    assert client.get("/tickets/")["Location"] == "/2fa/setup/"
    assert client.get("/2fa/setup/").status_code == 200  # its own page opens
    device = TOTPDevice.objects.get(user__username="newadmin", confirmed=False)
    client.post("/2fa/setup/", {"token": code_for(device)})
    assert client.get("/tickets/")["Location"] == "/password/"
    assert client.get("/password/").status_code == 200
    client.post(
        "/password/",
        {
            "old_password": "Given-by-sec-1",
            "new_password": "Own-choice-22",
            "again": "Own-choice-22",
        },
    )
    assert client.get("/tickets/").status_code == 200
