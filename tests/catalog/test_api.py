import pytest

from hisops.audit.models import AuditEvent
from hisops.catalog.models import Item
from hisops.core.capabilities import Role

from ..factories import DepartmentFactory, ItemFactory, RelationFactory, VendorFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/catalog/items/"


def test_list_is_paginated_and_filtered(api, it_admin, hospital):
    his = ItemFactory(hospital=hospital, code="HIS", name="HIS")
    ItemFactory(hospital=hospital, code="NURSE", name="住院护士工作站", kind="module", parent=his)
    ItemFactory(hospital=hospital, code="IF-1", name="HIS-LIS接口", kind="interface", source=his)
    client = api(it_admin)

    body = client.get(ITEMS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert {"id", "code", "name", "kind", "parent", "vendor", "criticality"} <= set(
        body["results"][0]
    )

    assert [r["code"] for r in client.get(ITEMS, {"kind": "module"}).json()["results"]] == ["NURSE"]
    assert [r["code"] for r in client.get(ITEMS, {"parent": his.pk}).json()["results"]] == ["NURSE"]
    assert [r["code"] for r in client.get(ITEMS, {"q": "护士"}).json()["results"]] == ["NURSE"]


def test_bad_filter_is_a_400_naming_the_field(api, it_admin):
    response = api(it_admin).get(ITEMS, {"kind": "spaceship"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "kind" in body["fields"]


def test_another_hospitals_item_answers_404(api, make_user, hospital, other_hospital):
    theirs = ItemFactory(hospital=other_hospital)
    client = api(make_user(Role.IT_ADMIN))
    assert client.get(f"{ITEMS}{theirs.pk}/").status_code == 404
    assert client.get(f"{ITEMS}{theirs.pk}/impact/").status_code == 404
    assert client.patch(f"{ITEMS}{theirs.pk}/", {"name": "x"}, format="json").status_code == 404
    assert client.delete(f"{ITEMS}{theirs.pk}/").status_code == 404
    assert client.get(ITEMS).json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.name != "x"


def test_vendor_staff_see_only_their_vendors_items(api, make_user, hospital):
    engineer = make_user(Role.VENDOR_ENGINEER)
    mine = ItemFactory(hospital=hospital, code="MINE", vendor=engineer.vendor)
    my_module = ItemFactory(hospital=hospital, code="MINE-M", kind="module", parent=mine)
    theirs = ItemFactory(hospital=hospital, code="THEIRS", vendor=VendorFactory(hospital=hospital))
    client = api(engineer)

    codes = {r["code"] for r in client.get(ITEMS).json()["results"]}
    assert codes == {"MINE", "MINE-M"}
    assert client.get(f"{ITEMS}{my_module.pk}/").status_code == 200
    assert client.get(f"{ITEMS}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.IT_ADMIN, 201),
        (Role.IT_ENGINEER, 201),
        (Role.VENDOR_MANAGER, 403),
        (Role.CLINICIAN, 403),
        (Role.LEADER, 403),
        (Role.AUDIT_ADMIN, 403),
    ],
)
def test_create_by_role(api, make_user, role, status):
    response = api(make_user(role)).post(
        ITEMS, {"code": "PACS", "name": "医学影像系统", "kind": "system"}, format="json"
    )
    assert response.status_code == status
    assert Item.objects.filter(code="PACS").exists() == (status == 201)
    if status == 403:
        assert response.json()["code"] == "permission_denied"


def test_create_with_references_and_audit(api, it_admin, hospital):
    dept = DepartmentFactory(hospital=hospital)
    vendor = VendorFactory(hospital=hospital)
    his = ItemFactory(hospital=hospital)
    response = api(it_admin).post(
        ITEMS,
        {
            "code": "HIS-NURSE",
            "name": "住院护士工作站",
            "kind": "module",
            "parent": his.pk,
            "vendor": vendor.pk,
            "departments": [dept.pk],
            "criticality": "core",
        },
        format="json",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["parent"] == his.pk
        and body["vendor"] == vendor.pk
        and body["departments"] == [dept.pk]
    )
    event = AuditEvent.objects.get(action="catalog.item.create")
    assert event.source_ip == "10.1.2.3"


def test_invalid_create_answers_field_errors_and_writes_nothing(api, it_admin, other_hospital):
    foreign = ItemFactory(hospital=other_hospital)
    response = api(it_admin).post(
        ITEMS,
        {"code": "bad code!", "name": "", "kind": "system", "parent": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "name" in body["fields"]
    response = api(it_admin).post(
        ITEMS, {"code": "OK", "name": "OK", "kind": "system", "parent": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()["fields"]
    assert not Item.objects.filter(hospital=it_admin.hospital).exists()


def test_malformed_json_is_a_400_not_a_500(api, it_admin):
    response = api(it_admin).generic("POST", ITEMS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_unauthenticated_is_401_with_the_error_shape(api):
    response = api().get(ITEMS)
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}


def test_impact_endpoint(api, it_admin, hospital):
    db = ItemFactory(hospital=hospital, code="DB")
    his = ItemFactory(hospital=hospital, code="HIS")
    RelationFactory(source=his, target=db)
    ward = DepartmentFactory(hospital=hospital)
    his.departments.add(ward)
    body = api(it_admin).get(f"{ITEMS}{db.pk}/impact/").json()
    assert body["item"]["code"] == "DB"
    assert [i["code"] for i in body["items"]] == ["HIS"]
    assert body["items"][0]["reason"] == "depends_on"
    assert [d["id"] for d in body["departments"]] == [ward.pk]


def test_update_and_delete(api, it_admin, hospital):
    item = ItemFactory(hospital=hospital)
    client = api(it_admin)
    response = client.patch(f"{ITEMS}{item.pk}/", {"criticality": "core"}, format="json")
    assert response.status_code == 200
    assert response.json()["criticality"] == "core"
    assert client.delete(f"{ITEMS}{item.pk}/").status_code == 204
    assert not Item.objects.exists()


def test_hospitals_lists_only_the_users_own(api, it_admin, other_hospital):
    body = api(it_admin).get("/api/v1/hospitals/").json()
    assert [h["code"] for h in body["results"]] == [it_admin.hospital.code]


def test_openapi_schema_and_docs_are_served_to_signed_in_people_only(client, it_admin):
    assert client.get("/api/schema/").status_code in (401, 403)
    client.force_login(it_admin)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"departments": [10**30]},
        {"parent": -5},
        {"vendor": 2**64},
        {"departments": "not a list"},
    ],
)
def test_out_of_range_ids_are_a_400_not_a_500(api, it_admin, hospital, payload):
    # Found by schemathesis: an id past 64 bits overflowed SQLite's integer.
    item = ItemFactory(hospital=hospital)
    response = api(it_admin).patch(f"{ITEMS}{item.pk}/", payload, format="json")
    assert response.status_code == 400
    (name,) = payload
    assert any(key.split(".")[0] == name for key in response.json()["fields"])


def test_out_of_range_filter_and_path_ids_do_not_fail(api, it_admin):
    client = api(it_admin)
    assert client.get(ITEMS, {"parent": 10**30}).status_code == 400
    assert client.get(f"{ITEMS}{10**30}/").status_code == 404
    assert client.get(f"{ITEMS}abc/").status_code == 404


def test_export_survives_control_characters_in_names(api, it_admin, hospital):
    # Found by schemathesis: a control character stored in a name broke the .xlsx export.
    ItemFactory(hospital=hospital, name="HIS\x01\x1f系统")
    response = api(it_admin).get("/api/v1/catalog/export/")
    assert response.status_code == 200


def test_too_many_form_fields_answer_the_json_error_shape(api, it_admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = "&".join(f"f{n}=x" for n in range(20))
    response = api(it_admin).generic(
        "POST", ITEMS, fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
