import pytest

from hisops.audit.models import AuditEvent
from hisops.catalog import services
from hisops.catalog.choices import ItemKind
from hisops.catalog.models import Item, Relation
from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError

from ..factories import DepartmentFactory, ItemFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_item_create_records_one_audit_event_with_the_new_values(it_admin, hospital):
    dept = DepartmentFactory(hospital=hospital)
    item = services.item_create(
        actor=it_admin,
        hospital=hospital,
        code="HIS",
        name="HIS",
        kind=ItemKind.SYSTEM,
        departments=[dept],
    )
    event = AuditEvent.objects.get()
    assert event.action == "catalog.item.create"
    assert event.object_id == str(item.pk)
    assert event.actor == it_admin
    assert event.hospital == hospital
    assert event.changes["name"] == [None, "HIS"]
    assert event.changes["departments"] == [None, [dept.pk]]


def test_item_update_audits_only_what_changed(it_admin, hospital):
    item = ItemFactory(hospital=hospital, name="旧名称", version="1")
    services.item_update(actor=it_admin, item=item, name="新名称", version="1")
    event = AuditEvent.objects.get(action="catalog.item.update")
    assert event.changes == {"name": ["旧名称", "新名称"]}


def test_rejected_write_changes_nothing_and_audits_nothing(it_admin, hospital):
    ItemFactory(hospital=hospital, code="HIS")
    with pytest.raises(ValidationError) as err:
        services.item_create(
            actor=it_admin, hospital=hospital, code="HIS", name="又一个", kind="system"
        )
    assert "code" in err.value.fields
    assert Item.objects.count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.IT_ADMIN, True),
        (Role.IT_ENGINEER, True),
        (Role.VENDOR_MANAGER, False),
        (Role.VENDOR_ENGINEER, False),
        (Role.CLINICIAN, False),
        (Role.LEADER, False),
        (Role.SECURITY_ADMIN, False),
        (Role.AUDIT_ADMIN, False),
    ],
)
def test_only_it_staff_may_change_the_catalog(make_user, hospital, role, allowed):
    user = make_user(role)
    if allowed:
        services.item_create(actor=user, hospital=hospital, code="X", name="X", kind="system")
        assert Item.objects.filter(code="X").exists()
    else:
        with pytest.raises(PermissionDenied):
            services.item_create(actor=user, hospital=hospital, code="X", name="X", kind="system")
        assert not Item.objects.exists()


def test_only_it_admin_may_delete(make_user, hospital):
    item = ItemFactory(hospital=hospital)
    item_id = item.pk
    with pytest.raises(PermissionDenied):
        services.item_delete(actor=make_user(Role.IT_ENGINEER), item=item)
    services.item_delete(actor=make_user(Role.IT_ADMIN), item=item)
    assert not Item.objects.exists()
    assert AuditEvent.objects.filter(action="catalog.item.delete", object_id=str(item_id)).exists()


def test_staff_cannot_write_into_another_hospital(it_admin, other_hospital):
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=it_admin, hospital=other_hospital, code="X", name="X", kind="system"
        )


def test_references_must_stay_inside_the_hospital(it_admin, hospital, other_hospital):
    foreign_parent = ItemFactory(hospital=other_hospital)
    foreign_vendor = VendorFactory(hospital=other_hospital)
    with pytest.raises(ValidationError) as err:
        services.item_create(
            actor=it_admin,
            hospital=hospital,
            code="M",
            name="M",
            kind="module",
            parent=foreign_parent,
            vendor=foreign_vendor,
        )
    assert set(err.value.fields) == {"parent", "vendor"}


def test_parent_chain_cannot_loop(it_admin, hospital):
    top = ItemFactory(hospital=hospital)
    middle = ItemFactory(hospital=hospital, parent=top)
    with pytest.raises(ValidationError) as err:
        services.item_update(actor=it_admin, item=top, parent=middle)
    assert "parent" in err.value.fields
    top.refresh_from_db()
    assert top.parent is None


def test_an_item_in_use_is_not_deleted(it_admin, hospital):
    system = ItemFactory(hospital=hospital)
    ItemFactory(hospital=hospital, parent=system, kind="module")
    with pytest.raises(ValidationError) as err:
        services.item_delete(actor=it_admin, item=system)
    assert err.value.code == "item_in_use"
    assert Item.objects.filter(pk=system.pk).exists()


def test_only_interfaces_have_endpoints(it_admin, hospital):
    his = ItemFactory(hospital=hospital)
    with pytest.raises(ValidationError) as err:
        services.item_create(
            actor=it_admin, hospital=hospital, code="S", name="S", kind="system", source=his
        )
    assert "kind" in err.value.fields


def test_relation_create_and_delete_are_audited(it_admin, hospital):
    a, b = ItemFactory(hospital=hospital), ItemFactory(hospital=hospital)
    relation = services.relation_create(actor=it_admin, source=a, target=b, kind="depends_on")
    with pytest.raises(ValidationError):
        services.relation_create(actor=it_admin, source=a, target=b, kind="depends_on")
    services.relation_delete(actor=it_admin, relation=relation)
    assert not Relation.objects.exists()
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "catalog.relation.create",
        "catalog.relation.delete",
    ]
