"""The security admin's room (三权分立, 定期权限核查): accounts managed on pages and in the API
by the security admin only, the quarterly access review, dormant accounts."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hisops.accounts import services
from hisops.accounts.choices import ReviewDecision
from hisops.accounts.models import AccessReview, ApiToken, User
from hisops.audit.models import AuditEvent
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(make_user):
    return make_user(Role.SECURITY_ADMIN, username="sec")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.IT_ADMIN, Role.AUDIT_ADMIN, Role.LEADER, Role.CLINICIAN])
def test_only_the_security_admin_manages_accounts(make_user, api, role):
    other = make_user(role, username="someone")
    target = make_user(Role.CLINICIAN, username="target")
    with pytest.raises(PermissionDenied):
        services.user_update(actor=other, user=target, full_name="x")
    with pytest.raises(PermissionDenied):
        services.user_disable(actor=other, user=target)
    assert api(other).get("/api/v1/users/").status_code == 403
    assert signed_in(other).get("/security/users/").status_code == 403
    assert signed_in(other).get(f"/security/users/{target.pk}/").status_code == 403


def test_nobody_changes_their_own_role_or_disables_themselves(secadmin):
    with pytest.raises(ValidationError) as refused:
        services.user_update(actor=secadmin, user=secadmin, role=Role.IT_ADMIN)
    assert "role" in refused.value.fields
    with pytest.raises(ValidationError):
        services.user_disable(actor=secadmin, user=secadmin)
    secadmin.refresh_from_db()
    assert secadmin.role == Role.SECURITY_ADMIN and secadmin.is_active


def test_the_security_admin_cannot_touch_the_platform_administrator(secadmin, hospital):
    root = User.objects.create_superuser(
        "root", password="x-Very-long-1", hospital=hospital, role=Role.IT_ADMIN
    )
    with pytest.raises(PermissionDenied):
        services.user_disable(actor=secadmin, user=root)


def test_account_lifecycle_through_the_api_is_audited(secadmin, api, hospital):
    ward = DepartmentFactory(hospital=hospital, code="NK", name="内科")
    client = api(secadmin)
    made = client.post("/api/v1/users/", {"username": "li", "role": "clinician", "full_name": "李护士",
                                          "department": "NK"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["department"] == "NK" and body["must_change_password"] is True
    person = User.objects.get(username="li")
    assert person.check_password(body["password"]) and person.department == ward

    changed = client.patch(f"/api/v1/users/{person.pk}/", {"role": "it_engineer"}, format="json")
    assert changed.status_code == 200 and changed.json()["role"] == "it_engineer"

    services.token_create(actor=SYSTEM, user=person)
    off = client.post(f"/api/v1/users/{person.pk}/disable/", {"reason": "调离"}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert not ApiToken.objects.filter(user=person).exists()  # the API goes with the sign-in

    reset = client.post(f"/api/v1/users/{person.pk}/enable/")
    assert reset.json()["is_active"] is True
    password = client.post(f"/api/v1/users/{person.pk}/reset-password/").json()["password"]
    person.refresh_from_db()
    assert person.check_password(password) and person.must_change_password

    actions = list(AuditEvent.objects.filter(object_id=str(person.pk), object_type="accounts.user")
                   .order_by("pk").values_list("action", flat=True))  # fmt: skip
    assert actions[:1] == ["accounts.user.create"]
    for expected in (
        "accounts.user.update",
        "accounts.user.disable",
        "accounts.user.enable",
        "accounts.password.reset",
    ):
        assert expected in actions


def test_a_bad_role_is_refused_in_the_users_language(secadmin, api):
    answer = api(secadmin).post("/api/v1/users/", {"username": "x", "role": "boss"}, format="json",
                                HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert answer.status_code == 400 and "role" in answer.json()["fields"]
    assert not User.objects.filter(username="x").exists()


def test_the_quarterly_review_lists_every_account_and_is_completed_when_all_are_decided(
    secadmin, make_user, hospital
):
    now = timezone.now()
    old = make_user(Role.IT_ENGINEER, username="old")
    User.objects.filter(pk=old.pk).update(last_login=now - timedelta(days=200))
    fresh = make_user(Role.CLINICIAN, username="fresh")
    User.objects.filter(pk=fresh.pk).update(last_login=now - timedelta(days=2))
    User.objects.filter(pk=secadmin.pk).update(last_login=now)

    review = services.access_review_start(actor=secadmin, hospital=hospital, now=now)
    entries = {e.user.username: e for e in review.entries.select_related("user")}
    assert set(entries) == {"sec", "old", "fresh"}
    assert entries["old"].dormant and entries["old"].idle_days == 200
    assert not entries["fresh"].dormant
    with pytest.raises(ValidationError):  # one review a quarter, and one open at a time
        services.access_review_start(actor=secadmin, hospital=hospital, now=now)

    with pytest.raises(ValidationError) as pending:
        services.access_review_complete(actor=secadmin, review=review)
    assert "3" in pending.value.message

    services.access_review_decide(actor=secadmin, entry=entries["old"], decision=ReviewDecision.DISABLED,
                                  note="离职")  # fmt: skip
    services.access_review_decide(
        actor=secadmin, entry=entries["fresh"], decision=ReviewDecision.KEPT
    )
    services.access_review_decide(
        actor=secadmin, entry=entries["sec"], decision=ReviewDecision.KEPT
    )
    services.access_review_complete(actor=secadmin, review=review)
    old.refresh_from_db()
    assert not old.is_active
    with pytest.raises(ValidationError):  # a completed review is not changed
        services.access_review_decide(
            actor=secadmin, entry=entries["fresh"], decision=ReviewDecision.DISABLED
        )
    assert AuditEvent.objects.filter(action__startswith="accounts.access_review.").count() == 5


def test_the_review_pages_walk_through(secadmin, make_user):
    make_user(Role.IT_ENGINEER, username="eng")
    client = signed_in(secadmin)
    started = client.post("/security/access-reviews/", follow=True)
    assert started.status_code == 200
    review = AccessReview.objects.get()
    page = started.content.decode()
    assert "eng" in page and "保留" in page
    for entry in review.entries.all():
        client.post(f"/security/access-reviews/{review.pk}/", {"entry": entry.pk, "do": "kept"})
    done = client.post(f"/security/access-reviews/{review.pk}/", {"do": "complete"}, follow=True)
    review.refresh_from_db()
    assert review.completed_at is not None, done.content.decode()


def test_the_account_pages_create_edit_disable_and_reset(secadmin, hospital):
    client = signed_in(secadmin)
    made = client.post(
        "/security/users/",
        {"username": "wang", "role": "it_engineer", "full_name": "王工", "source": "local"},
    )
    assert made.status_code == 200 and 'data-testid="password"' in made.content.decode()
    person = User.objects.get(username="wang")
    assert person.must_change_password
    client.post(
        f"/security/users/{person.pk}/",
        {"do": "save", "full_name": "王工程师", "role": "it_engineer"},
    )
    client.post(f"/security/users/{person.pk}/", {"do": "disable", "reason": "调岗"})
    person.refresh_from_db()
    assert person.full_name == "王工程师" and not person.is_active
    listing = client.get("/security/users/?active=0").content.decode()
    assert "wang" in listing


def test_dormant_accounts_are_told_and_optionally_disabled(settings, secadmin, make_user, hospital):
    from hisops.notify.models import Notification
    from hisops.ops.tasks import dormant_accounts

    settings.HISOPS_DORMANT_DAYS = 90
    idle = make_user(Role.IT_ENGINEER, username="idle")
    User.objects.filter(pk=idle.pk).update(last_login=timezone.now() - timedelta(days=91))
    User.objects.exclude(pk=idle.pk).update(last_login=timezone.now())

    settings.HISOPS_DORMANT_DISABLE = False
    assert dormant_accounts() == 1
    assert Notification.objects.filter(recipient=secadmin, kind="dormant_accounts").count() == 1
    idle.refresh_from_db()
    assert idle.is_active

    settings.HISOPS_DORMANT_DISABLE = True
    assert dormant_accounts() == 1
    idle.refresh_from_db()
    assert not idle.is_active
    assert AuditEvent.objects.filter(
        action="accounts.user.disable", object_id=str(idle.pk), actor=None
    ).exists()
    assert dormant_accounts() == 0


def test_a_department_code_is_read_in_the_hospital_the_account_is_made_in(
    hospital, other_hospital, api
):
    """Two hospitals may both have a 内科 coded NK: the platform administrator's request for
    hospital B gets B's, and a code B does not have is refused, not a server error."""
    DepartmentFactory(hospital=hospital, code="NK", name="内科")
    theirs = DepartmentFactory(hospital=other_hospital, code="NK", name="内科")
    root = User.objects.create_superuser("root", password="x-Very-long-1", role=Role.IT_ADMIN)
    made = api(root).post("/api/v1/users/", {"hospital": other_hospital.code, "username": "b1", "role": "clinician",
                                             "department": "NK"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert User.objects.get(username="b1").department == theirs
    refused = api(root).post("/api/v1/users/", {"hospital": other_hospital.code, "username": "b2", "role": "clinician",
                                                "department": "WK"}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "department" in refused.json()["fields"]
    assert not User.objects.filter(username="b2").exists()
