from datetime import date

import pytest

from hisops.calendars.services import shipped_calendars_ensure
from hisops.contracts import services
from hisops.core.capabilities import SYSTEM, Role

from ..factories import ItemFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(hospital):
    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    return services.contract_template_load(
        actor=SYSTEM, hospital=hospital, vendor=vendor, template="seed002-his-emr", number="HT-2026-01",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip


def test_contract_detail_has_levels_in_the_published_shape(api, it_admin, contract):
    body = api(it_admin).get(f"/api/v1/contracts/{contract.pk}/").json()
    level_2 = next(level for level in body["levels"] if level["code"] == "2")
    assert level_2["name"] == "二级故障" and level_2["system_level"] is False
    assert {"target": "response", "duration": 30, "unit": "minutes", "calendar": "7x24"} in level_2[
        "targets"
    ]
    assert set(body) >= {"levels", "service_items", "quotas", "covered_items", "years"}


def test_vendor_staff_see_only_their_own_vendors_contracts(api, make_user, contract, hospital):
    theirs = make_user(Role.VENDOR_MANAGER)  # a vendor of its own
    assert api(theirs).get(f"/api/v1/contracts/{contract.pk}/").status_code == 404
    assert api(theirs).get("/api/v1/contracts/").json()["count"] == 0
    mine = make_user(Role.VENDOR_MANAGER, vendor=contract.vendor)
    assert api(mine).get(f"/api/v1/contracts/{contract.pk}/").status_code == 200
    assert api(make_user(Role.CLINICIAN)).get("/api/v1/contracts/").json()["count"] == 0


def test_create_from_template_and_edit_a_target(api, it_admin, hospital):
    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    client = api(it_admin)
    response = client.post(
        "/api/v1/contracts/",
        {
            "template": "seed001-mobile-nursing",
            "vendor": vendor.pk,
            "number": "YD-1",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    contract_id = response.json()["id"]
    level = client.post(
        f"/api/v1/contracts/{contract_id}/targets/",
        {"level": "1", "target": "resolve", "duration": 4, "unit": "hours", "calendar": "7x24"},
        format="json",
    ).json()
    assert {"target": "resolve", "duration": 4, "unit": "hours", "calendar": "7x24"} in level[
        "targets"
    ]
    bad = client.post(
        f"/api/v1/contracts/{contract_id}/targets/",
        {"level": "9", "target": "resolve", "duration": 1},
        format="json",
    )
    assert bad.status_code == 400 and "level" in bad.json()["fields"]
    refused = client.post(
        f"/api/v1/contracts/{contract_id}/targets/",
        {"level": "1", "target": "resolve", "duration": 4, "unit": "hours", "calendar": "nope"},
        format="json",
    )
    assert refused.status_code == 400 and "calendar" in refused.json()["fields"]


def test_engineers_may_read_but_not_change_contracts(api, make_user, contract):
    engineer = api(make_user(Role.IT_ENGINEER))
    assert engineer.get(f"/api/v1/contracts/{contract.pk}/").status_code == 200
    response = engineer.post(
        f"/api/v1/contracts/{contract.pk}/targets/",
        {"level": "1", "target": "resolve", "duration": 4, "unit": "hours", "calendar": "7x24"},
        format="json",
    )
    assert response.status_code == 403


def test_covered_items(api, it_admin, contract, hospital, other_hospital):
    his = ItemFactory(hospital=hospital)
    client = api(it_admin)
    body = client.put(
        f"/api/v1/contracts/{contract.pk}/covered-items/", {"items": [his.pk]}, format="json"
    ).json()
    assert body["covered_items"] == [his.pk]
    foreign = ItemFactory(hospital=other_hospital)
    bad = client.put(
        f"/api/v1/contracts/{contract.pk}/covered-items/", {"items": [foreign.pk]}, format="json"
    )
    assert bad.status_code == 400


def test_templates_are_listed(api, it_admin):
    codes = {t["code"] for t in api(it_admin).get("/api/v1/contract-templates/").json()}
    assert {
        "seed002-his-emr",
        "seed002-database",
        "seed001-mobile-nursing",
        "seed000-a-to-e",
        "seed004-emr-service-items",
        "seed003-platform",
    } == codes


def test_vendors_and_qualifications_are_written_through_services(api, make_user, hospital):
    from hisops.audit.models import AuditEvent

    admin = api(make_user(Role.IT_ADMIN))
    created = admin.post(
        "/api/v1/vendors/",
        {"code": "DBX", "name": "某数据库服务公司", "kind": "third_party"},
        format="json",
    )
    assert created.status_code == 201
    vendor_id = created.json()["id"]
    added = admin.post(
        f"/api/v1/vendors/{vendor_id}/qualifications/",
        {"person_name": "张工", "certificate": "数据库系统工程师", "expires_on": "2028-06-30"},
        format="json",
    )
    assert added.status_code == 201
    detail = admin.get(f"/api/v1/vendors/{vendor_id}/").json()
    assert detail["qualifications"] == [
        {
            "person_name": "张工",
            "certificate": "数据库系统工程师",
            "number": "",
            "expires_on": "2028-06-30",
        }
    ]
    assert AuditEvent.objects.filter(action="contracts.vendor.qualification_add").exists()
    engineer = api(make_user(Role.IT_ENGINEER))
    assert (
        engineer.post("/api/v1/vendors/", {"code": "X", "name": "X"}, format="json").status_code
        == 403
    )
    assert (
        admin.post("/api/v1/vendors/", {"code": "DBX", "name": "另一个"}, format="json").status_code
        == 400
    )


def test_the_admin_site_cannot_change_business_records(client, hospital):
    from hisops.accounts.models import User

    root = User.objects.create_superuser("root", password="Root-pass-2026!", role="it_admin")
    client.force_login(root)
    assert client.get("/admin/catalog/item/add/").status_code == 403
    assert client.get("/admin/contracts/contract/add/").status_code == 403
