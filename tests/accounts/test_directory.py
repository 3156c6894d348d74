"""Sign-in through the hospital directory (统一身份认证) against a real slapd on loopback:
the directory checks the password, HISOPS keeps the role, a local account is never taken
over from the directory, and every sign-in and failure is in the audit log."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from hisops.accounts.choices import AccountSource
from hisops.accounts.models import User
from hisops.accounts.services import password_reset, user_create
from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role
from hisops.core.errors import ValidationError

from .slapd import SUFFIX, Slapd

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(tmp_path, settings):
    import ldap
    from django_auth_ldap.config import LDAPSearch

    server = Slapd(tmp_path / "slapd").start()
    settings.AUTH_LDAP_SERVER_URI = server.uri
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(
        f"ou=people,{SUFFIX}", ldap.SCOPE_SUBTREE, "(uid=%(user)s)"
    )
    settings.AUTH_LDAP_USER_ATTR_MAP = {
        "full_name": "cn",
        "email": "mail",
        "phone": "telephoneNumber",
    }
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend", "hisops.accounts.directory.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]  # fmt: skip
    yield server
    server.stop()


@pytest.fixture
def secadmin(make_user):
    return make_user(Role.SECURITY_ADMIN, username="sec")


def sign_in(username, password):
    client = Client()
    answer = client.post("/login/", {"username": username, "password": password})
    return client, answer


def test_a_directory_account_signs_in_with_the_directory_password(directory, secadmin, hospital):
    directory.person(
        "zhangsan", "Dir-Pass-Zhang-1", "张三", mail="zhangsan@hospital.cn", phone="13800000001"
    )
    user_create(actor=secadmin, username="zhangsan", role=Role.IT_ENGINEER, hospital=hospital,
                source=AccountSource.DIRECTORY)  # fmt: skip

    client, answer = sign_in("zhangsan", "Dir-Pass-Zhang-1")
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert client.get("/").status_code == 200
    person = User.objects.get(username="zhangsan")
    assert person.full_name == "张三" and person.email == "zhangsan@hospital.cn"
    assert person.role == Role.IT_ENGINEER  # the role is HISOPS's, not the directory's
    assert not person.has_usable_password()
    assert AuditEvent.objects.filter(action="accounts.auth.directory_login", actor=person).exists()

    _client, wrong = sign_in("zhangsan", "not-the-password")
    assert wrong.status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.auth.login_failed", object_repr="zhangsan"
    ).exists()
    with pytest.raises(ValidationError):  # the password lives in the directory
        password_reset(actor=secadmin, user=person)


def test_the_directory_cannot_sign_into_a_local_account(directory, make_user):
    local = make_user(Role.IT_ADMIN, username="admin2")
    local.set_password("Local-Pass-1x")
    local.save()
    directory.person("admin2", "Directory-Pass-9", "冒名")
    assert (
        authenticate(
            RequestFactory().post("/login/"), username="admin2", password="Directory-Pass-9"
        )
        is None
    )
    assert (
        authenticate(RequestFactory().post("/login/"), username="admin2", password="Local-Pass-1x")
        == local
    )


def test_a_directory_user_without_an_account_is_refused_unless_creation_is_on(
    directory, settings, hospital
):
    directory.person("lisi", "Dir-Pass-Li-1", "李四")
    assert (
        authenticate(RequestFactory().post("/login/"), username="lisi", password="Dir-Pass-Li-1")
        is None
    )
    assert not User.objects.filter(username="lisi").exists()

    settings.HISOPS_LDAP_CREATE_USERS, settings.HISOPS_LDAP_HOSPITAL = True, hospital.code
    person = authenticate(
        RequestFactory().post("/login/"), username="lisi", password="Dir-Pass-Li-1"
    )
    assert person is not None and person.role == Role.CLINICIAN and person.hospital == hospital
    assert person.source == AccountSource.DIRECTORY
    assert AuditEvent.objects.filter(
        action="accounts.user.create", object_id=str(person.pk)
    ).exists()


def test_a_disabled_directory_account_is_refused(directory, secadmin, hospital):
    from hisops.accounts.services import user_disable

    directory.person("wangwu", "Dir-Pass-Wang-1", "王五")
    person = user_create(actor=secadmin, username="wangwu", role=Role.CLINICIAN, hospital=hospital,
                         source=AccountSource.DIRECTORY)  # fmt: skip
    user_disable(actor=secadmin, user=person)
    assert (
        authenticate(
            RequestFactory().post("/login/"), username="wangwu", password="Dir-Pass-Wang-1"
        )
        is None
    )
