"""Writes to items and relations: one function per business action, each with its
permission check, transaction and audit entry."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hisops.accounts.models import Department
from hisops.audit.services import audit_record, diff, snapshot
from hisops.core.capabilities import Cap, require
from hisops.core.errors import ValidationError, validate

from ..choices import ItemKind
from ..models import Item, Relation

ITEM_FIELDS = (
    "code",
    "name",
    "kind",
    "parent",
    "vendor",
    "version",
    "criticality",
    "environment",
    "notes",
    "aliases",
    "is_active",
    "source",
    "target",
    "external_party",
    "protocol",
    "direction",
    "policy_driven",
    "db_engine",
    "db_role",
    "host",
    "location",
)
AUDITED_FIELDS = (*ITEM_FIELDS, "departments")


def _check_item(item: Item, departments: Iterable[Department] | None) -> None:
    """Rules beyond single fields: same-hospital references and no loop in the parent chain."""
    errors: dict[str, list[str]] = {}
    for name in ("parent", "vendor", "source", "target"):
        ref = getattr(item, name)
        if ref is not None and ref.hospital_id != item.hospital_id:
            errors[name] = [_("It belongs to another hospital.")]
    if departments is not None and any(d.hospital_id != item.hospital_id for d in departments):
        errors["departments"] = [_("A department belongs to another hospital.")]
    if item.parent_id is not None and item.pk is not None:
        seen = {item.pk}
        node = item.parent
        while node is not None:
            if node.pk in seen:
                errors["parent"] = [_("An item cannot be its own ancestor.")]
                break
            seen.add(node.pk)
            node = node.parent
    if item.kind != ItemKind.INTERFACE and (item.source_id or item.target_id):
        errors["kind"] = [_("Only interfaces have source and target systems.")]
    if item.kind == ItemKind.INTERFACE and item.source_id and item.source_id == item.target_id:
        errors["target"] = [_("Source and target must differ.")]
    if errors:
        raise ValidationError(fields=errors)
    validate(item, exclude=["hospital", "departments"])
    duplicate = Item.objects.filter(hospital_id=item.hospital_id, code=item.code)
    if item.pk:
        duplicate = duplicate.exclude(pk=item.pk)
    if duplicate.exists():
        raise ValidationError(fields={"code": [_("This code is already used in this hospital.")]})


def _unknown_fields(fields: dict) -> None:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(fields={name: [_("Unknown field.")] for name in sorted(unknown)})


@transaction.atomic
def item_create(
    *, actor, hospital, departments: Iterable[Department] | None = None, **fields
) -> Item:
    require(actor, Cap.CATALOG_CHANGE, hospital)
    _unknown_fields(fields)
    item = Item(hospital=hospital, **fields)
    departments = list(departments or [])
    _check_item(item, departments)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError(
            fields={"code": [_("This code is already used in this hospital.")]}
        ) from exc
    item.departments.set(departments)
    audit_record(
        actor=actor,
        action="catalog.item.create",
        obj=item,
        changes=diff({}, snapshot(item, AUDITED_FIELDS)),
    )
    return item


@transaction.atomic
def item_update(
    *, actor, item: Item, departments: Iterable[Department] | None = None, **fields
) -> Item:
    require(actor, Cap.CATALOG_CHANGE, item.hospital)
    _unknown_fields(fields)
    item = Item.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    departments = list(departments) if departments is not None else None
    _check_item(item, departments)
    item.save(update_fields=[*fields.keys(), "updated_at"])
    if departments is not None:
        item.departments.set(departments)
    changes = diff(before, snapshot(item, AUDITED_FIELDS))
    audit_record(actor=actor, action="catalog.item.update", obj=item, changes=changes)
    return item


@transaction.atomic
def item_delete(*, actor, item: Item) -> None:
    require(actor, Cap.CATALOG_DELETE, item.hospital)
    blockers = []
    if item.children.exists():
        blockers.append(_("it has child items"))
    if item.interfaces_out.exists() or item.interfaces_in.exists():
        blockers.append(_("interfaces connect to it"))
    if blockers:
        raise ValidationError(
            _("This item cannot be deleted: %(reasons)s. Deactivate it instead.")
            % {"reasons": _(", ").join(blockers)},
            code="item_in_use",
        )
    before = snapshot(item, AUDITED_FIELDS)
    audit_record(actor=actor, action="catalog.item.delete", obj=item, changes=diff(before, {}))
    item.delete()


@transaction.atomic
def relation_create(*, actor, source: Item, target: Item, kind: str, notes: str = "") -> Relation:
    require(actor, Cap.CATALOG_CHANGE, source.hospital)
    if source.hospital_id != target.hospital_id:
        raise ValidationError(fields={"target": [_("It belongs to another hospital.")]})
    if source.pk == target.pk:
        raise ValidationError(fields={"target": [_("An item cannot relate to itself.")]})
    relation = Relation(
        hospital_id=source.hospital_id, source=source, target=target, kind=kind, notes=notes
    )
    validate(relation, exclude=["hospital", "source", "target"])
    if Relation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError(fields={"target": [_("This relation already exists.")]})
    relation.save()
    audit_record(
        actor=actor,
        action="catalog.relation.create",
        obj=relation,
        changes={"source": [None, source.pk], "target": [None, target.pk], "kind": [None, kind]},
    )
    return relation


@transaction.atomic
def relation_delete(*, actor, relation: Relation) -> None:
    require(actor, Cap.CATALOG_CHANGE, relation.hospital)
    audit_record(
        actor=actor,
        action="catalog.relation.delete",
        obj=relation,
        changes={
            "source": [relation.source_id, None],
            "target": [relation.target_id, None],
            "kind": [relation.kind, None],
        },
    )
    relation.delete()
