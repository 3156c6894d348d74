from datetime import date, timedelta

import pytest
from django.utils import translation

from hisops.calendars.services import shipped_calendars_ensure
from hisops.contracts import services as contracts
from hisops.core.capabilities import SYSTEM, Role
from hisops.notify.models import Notification
from hisops.notify.services import notification_send

from ..factories import VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    admin = make_user(Role.IT_ADMIN)
    vendor = VendorFactory(hospital=admin.hospital)
    manager = make_user(Role.VENDOR_MANAGER, vendor=vendor)
    make_user(Role.VENDOR_MANAGER)  # another vendor's manager: must not hear
    make_user(Role.IT_ENGINEER)  # not an owner: must not hear
    return admin, vendor, manager


def contract_ending(vendor, ends_on, template="seed002-database"):
    shipped_calendars_ensure()
    return contracts.contract_template_load(
        actor=SYSTEM, hospital=vendor.hospital, vendor=vendor, template=template, number=f"C-{ends_on}",
        starts_on=ends_on - timedelta(days=364), ends_on=ends_on,
    )  # fmt: skip


def test_expiry_reminders_go_out_60_and_30_days_before_once_each(people):
    admin, vendor, manager = people
    today = date(2026, 11, 1)
    contract_ending(vendor, today + timedelta(days=60))
    with translation.override("en"):  # the site's language, not the thread's
        assert contracts.contract_expiry_remind(today=today) == 2
    assert contracts.contract_expiry_remind(today=today) == 0  # hourly runs send nothing twice
    assert {n.recipient for n in Notification.objects.all()} == {admin, manager}
    assert Notification.objects.first().title.endswith("将于 60 天后到期（2026-12-31）")
    assert contracts.contract_expiry_remind(today=today + timedelta(days=29)) == 0
    assert contracts.contract_expiry_remind(today=today + timedelta(days=30)) == 2
    assert Notification.objects.count() == 4


def test_named_owners_replace_the_it_admins(people, make_user):
    _admin, vendor, manager = people
    owner = make_user(Role.IT_ENGINEER)
    today = date(2026, 11, 1)
    contract = contract_ending(vendor, today + timedelta(days=30))
    contract.owners.set([owner])
    contracts.contract_expiry_remind(today=today)
    assert {n.recipient for n in Notification.objects.all()} == {owner, manager}


def test_a_quota_crossing_80_percent_notifies_the_stakeholders(
    people, django_capture_on_commit_callbacks
):
    admin, vendor, _manager = people
    contract = contract_ending(vendor, date(2026, 12, 31))
    quota = contract.quotas.get(code="remote-fault")
    # Whatever language the last request left on this thread, the system speaks the site's.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            contracts.quota_use_record(
                actor=SYSTEM,
                quota=quota,
                used_on=date(2026, 6, 1),
                object_type="ticket",
                object_id=n,
            )
    titles = list(Notification.objects.filter(recipient=admin).values_list("title", flat=True))
    assert titles == [f"{contract.number}: 远程报障处理 已达到额度的80% (12/15)"]


def test_the_bell_counts_and_opening_marks_read(client, people, hospital):
    admin = people[0]
    notification_send(
        hospital=hospital,
        recipients=[admin],
        kind="test",
        key="k1",
        title="合同即将到期",
        url="/contracts/",
    )
    notification_send(hospital=hospital, recipients=[admin], kind="test", key="k1", title="重复")
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert 'data-testid="bell-count">1<' in page
    note = Notification.objects.get()
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/contracts/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="bell-count"' not in client.get("/").content.decode()


def test_someone_elses_notification_is_404(client, people, make_user, hospital):
    notification_send(hospital=hospital, recipients=[people[0]], kind="test", key="k2", title="x")
    client.force_login(make_user(Role.CLINICIAN))
    assert client.post(f"/notifications/{Notification.objects.get().pk}/open/").status_code == 404
