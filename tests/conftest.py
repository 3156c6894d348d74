from datetime import date

import pytest
from rest_framework.test import APIClient

from hisops.calendars.services import shipped_calendars_ensure
from hisops.contracts import services as contracts
from hisops.core.capabilities import SYSTEM, Role

from .factories import HospitalFactory, ItemFactory, UserFactory, VendorFactory


def pytest_configure(config):
    """A fast password hasher: a user costs a full PBKDF2 otherwise (hundreds of times per
    run). Passwords still go through Django's hashing and checking; only the cost differs."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()


@pytest.fixture
def hospital(db):
    return HospitalFactory(code="A", name="甲医院")


@pytest.fixture
def other_hospital(db):
    return HospitalFactory(code="B", name="乙医院")


@pytest.fixture
def make_user(db, hospital):
    def make(role=Role.IT_ADMIN, **kwargs):
        kwargs.setdefault("hospital", hospital)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def it_admin(make_user):
    return make_user(Role.IT_ADMIN)


@pytest.fixture
def api(db):
    """``api(user)`` returns an API client authenticated with a real token for that user."""
    from hisops.accounts.services import token_create
    from hisops.core.capabilities import SYSTEM

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(actor=SYSTEM, user=user)}")
        return client

    return client_for


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached counts and the like never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def checks_on_this_machine_only(settings):
    """No test's automated check reaches beyond loopback."""
    settings.HISOPS_CHECK_LOOPBACK_ONLY = True


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files (attachments, signatures) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def covered_system(hospital, *, code: str, contract: str, template: str = "seed002-his-emr"):
    """A system under a new vendor's contract built from a seed template (2026-2027)."""
    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    loaded = contracts.contract_template_load(
        actor=SYSTEM, hospital=hospital, vendor=vendor, template=template, number=contract,
        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31),
    )  # fmt: skip
    item = ItemFactory(hospital=hospital, code=code, vendor=vendor)
    contracts.contract_covered_items_set(actor=SYSTEM, contract=loaded, items=[item])
    return item


@pytest.fixture
def his(hospital):
    """HIS under the seed 002 HIS/EMR contract (HT-1) of one vendor."""
    return covered_system(hospital, code="HIS", contract="HT-1")


@pytest.fixture
def lis(hospital):
    """LIS under another vendor's contract (HT-2)."""
    return covered_system(hospital, code="LIS", contract="HT-2")


@pytest.fixture(autouse=True)
def second_factor_off_by_default(settings):
    """Signing in needs only the password in tests, unless a test of the second factor
    turns it on (production requires it of the IT, security and audit administrators)."""
    settings.HISOPS_2FA_ROLES = []


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the site's language: a request in another one (Accept-Language:
    en) leaves that language active in the thread for whatever runs next."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
