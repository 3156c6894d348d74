import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hisops.accounts.models import User
from hisops.accounts.services import user_create
from hisops.audit.models import AuditEvent
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError

from ..factories import VendorFactory

pytestmark = pytest.mark.django_db


def test_security_admin_creates_users_and_it_admin_does_not(make_user, hospital):
    security = make_user(Role.SECURITY_ADMIN)
    user = user_create(
        actor=security,
        username="nurse1",
        role=Role.CLINICIAN,
        hospital=hospital,
        password="Ward-7-night!",
    )
    assert user.check_password("Ward-7-night!")
    assert AuditEvent.objects.filter(action="accounts.user.create", object_id=str(user.pk)).exists()
    with pytest.raises(PermissionDenied):
        user_create(
            actor=make_user(Role.IT_ADMIN), username="x", role=Role.CLINICIAN, hospital=hospital
        )


def test_vendor_staff_need_a_vendor_of_the_same_hospital(hospital, other_hospital):
    with pytest.raises(ValidationError) as err:
        user_create(actor=SYSTEM, username="v1", role=Role.VENDOR_ENGINEER, hospital=hospital)
    assert "vendor" in err.value.fields
    with pytest.raises(ValidationError) as err:
        user_create(
            actor=SYSTEM,
            username="v2",
            role=Role.VENDOR_ENGINEER,
            hospital=hospital,
            vendor=VendorFactory(hospital=other_hospital),
        )
    assert "vendor" in err.value.fields
    assert not User.objects.exists()


def test_weak_passwords_are_refused(hospital):
    with pytest.raises(ValidationError) as err:
        user_create(
            actor=SYSTEM, username="n", role=Role.CLINICIAN, hospital=hospital, password="123"
        )
    assert "password" in err.value.fields


def test_cli_user_create(hospital, capsys):
    vendor = VendorFactory(hospital=hospital, code="KL")
    call_command(
        "user",
        "create",
        "zhang",
        "--role",
        "vendor_engineer",
        "--hospital",
        "A",
        "--vendor",
        "KL",
        "--password",
        "Onsite-2026!",
    )
    user = User.objects.get(username="zhang")
    assert user.vendor == vendor and user.hospital == hospital
    assert "Created zhang" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "janitor", "--hospital", "A"], "unknown role 'janitor'"),
        (["--role", "clinician", "--hospital", "NOPE"], "unknown hospital 'NOPE'"),
        (
            ["--role", "vendor_engineer", "--hospital", "A", "--vendor", "NOPE"],
            "unknown vendor 'NOPE'",
        ),
    ],
)
def test_cli_user_create_refuses_bad_input_clearly(hospital, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("user", "create", "li", *args)
    assert not User.objects.exists()


def test_cli_command_exits_1_on_bad_input(hospital, capsys):
    from hisops.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["user", "create", "li", "--role", "janitor", "--hospital", "A"])
    assert exit_info.value.code == 1
    assert "unknown role" in capsys.readouterr().err


def test_token_create_prints_a_working_token(make_user, client, capsys):
    user = make_user(Role.IT_ENGINEER)
    call_command("token", "create", user.username)
    key = capsys.readouterr().out.strip()
    response = client.get("/api/v1/catalog/items/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    call_command("token", "create", user.username)
    assert (
        client.get("/api/v1/catalog/items/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    )


def test_login_page_logs_in(client, make_user):
    from ..factories import PASSWORD

    user = make_user(Role.CLINICIAN)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    bad = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert bad.status_code == 200
