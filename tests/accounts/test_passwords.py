"""Password rules (等保 身份鉴别): the security admin's policy (length, kinds of characters,
no reuse, maximum age); a password someone else set, or one too old, is changed before any
other page; people change their own."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hisops.accounts.models import PasswordPolicy
from hisops.accounts.services import password_change, password_policy_set, user_create
from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(make_user):
    return make_user(Role.SECURITY_ADMIN)


@pytest.mark.parametrize("weak", ["Short1!", "alllowercaseletters", "NoDigitsOrSymbols"])
def test_a_weak_password_is_refused_with_the_rule(secadmin, hospital, weak):
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=secadmin, username="u1", role=Role.CLINICIAN, hospital=hospital, password=weak
        )
    assert "password" in refused.value.fields


def test_the_last_passwords_may_not_be_reused(secadmin, hospital):
    person = user_create(
        actor=secadmin,
        username="u1",
        role=Role.CLINICIAN,
        hospital=hospital,
        password="First-pass-1",
    )
    password_change(
        actor=person, user=person, old_password="First-pass-1", new_password="Second-pass-2"
    )
    with pytest.raises(ValidationError) as refused:
        password_change(
            actor=person, user=person, old_password="Second-pass-2", new_password="First-pass-1"
        )
    assert "new_password" in refused.value.fields
    with pytest.raises(ValidationError):
        password_change(
            actor=person, user=person, old_password="wrong", new_password="Third-pass-3"
        )


def test_a_password_set_by_someone_else_is_changed_at_the_first_sign_in(secadmin, hospital):
    user_create(
        actor=secadmin,
        username="u1",
        role=Role.CLINICIAN,
        hospital=hospital,
        password="Given-by-admin-1",
    )
    client = Client()
    client.post("/login/", {"username": "u1", "password": "Given-by-admin-1"})
    assert client.get("/tickets/report/")["Location"] == "/password/"
    page = client.get("/password/").content.decode()
    assert 'data-testid="password-forced"' in page
    client.post(
        "/password/",
        {
            "old_password": "Given-by-admin-1",
            "new_password": "My-own-pass-2",
            "again": "My-own-pass-2",
        },
    )
    assert client.get("/tickets/report/").status_code == 200  # still signed in, and free to go
    assert AuditEvent.objects.filter(action="accounts.password.change").exists()


def test_a_password_older_than_the_policy_allows_must_change(make_user):
    person = make_user(Role.IT_ADMIN)
    person.set_password("Old-but-good-1")
    person.password_changed_at = timezone.now() - timedelta(days=91)
    person.save()
    client = Client()
    client.post("/login/", {"username": person.username, "password": "Old-but-good-1"})
    assert client.get("/tickets/")["Location"] == "/password/"
    assert client.get("/api/v1/tickets/").status_code == 200  # the API is not a page to redirect


def test_only_the_security_admin_sets_the_policy_and_a_reset_forces_a_change(
    secadmin, make_user, client
):
    with pytest.raises(PermissionDenied):
        password_policy_set(
            actor=make_user(Role.IT_ADMIN), min_length=12, min_classes=4, history=5, max_age_days=60
        )
    with pytest.raises(ValidationError):
        password_policy_set(
            actor=secadmin, min_length=4, min_classes=5, history=99, max_age_days=999
        )
    password_policy_set(actor=secadmin, min_length=12, min_classes=4, history=5, max_age_days=60)
    assert PasswordPolicy.current().min_length == 12
    person = make_user(Role.CLINICIAN)
    password_change(actor=secadmin, user=person, new_password="Reset-by-secadmin-9!")
    person.refresh_from_db()
    assert person.must_change_password
    client.force_login(secadmin)
    assert client.get("/security/password-policy/").status_code == 200
