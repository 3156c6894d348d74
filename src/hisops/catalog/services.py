"""Every write to the CMDB: one function per business action, each with its permission
check, transaction and audit entry."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.accounts.models import Department
from hisops.accounts.permissions import Cap, can, require
from hisops.accounts.services import department_create
from hisops.audit.services import audit_record, diff, snapshot
from hisops.contracts.models import Vendor
from hisops.contracts.services import vendor_create
from hisops.core.errors import ValidationError, from_django

from . import importing
from .choices import ItemKind
from .models import Item, Relation

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
    try:
        item.full_clean(exclude=["hospital", "departments"], validate_unique=False)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
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
    try:
        relation.full_clean(exclude=["hospital", "source", "target"], validate_unique=False)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
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


# ---------------------------------------------------------------------------------------
# Import


class ImportInvalid(ValidationError):
    code = "import_invalid"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    vendors_created: list[str] = field(default_factory=list)
    departments_created: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "vendors_created": self.vendors_created,
            "departments_created": self.departments_created,
            "dry_run": self.dry_run,
        }


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Names:
    """Find a record by code or by (unique) name, in the file first, then in the database."""

    def __init__(self):
        self.by_code: dict[str, object] = {}
        self.by_name: dict[str, list[object]] = {}

    def add(self, code: str, name: str, value) -> None:
        self.by_code[code] = value
        self.by_name.setdefault(name, []).append(value)

    def find(self, text: str):
        """(value, error): the value, or None with a message when unknown or ambiguous."""
        if text in self.by_code:
            return self.by_code[text], None
        matches = self.by_name.get(text, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            return None, _("“%s” names several items; write its code instead.") % text
        return None, _("“%s” is not in the file or the catalog.") % text


ITEM_IMPORT_FIELDS = (
    "name", "kind", "version", "criticality", "environment", "notes", "external_party",
    "protocol", "direction", "policy_driven", "db_engine", "db_role", "host", "location",
    "vendor_id", "parent_id", "source_id", "target_id",
)  # fmt: skip


@transaction.atomic
def catalog_import(
    *, actor, hospital, file_name: str, content: bytes, dry_run: bool = False
) -> ImportResult:
    """Import the catalog spreadsheet; all rows or none. See :mod:`hisops.catalog.importing`."""
    require(actor, Cap.CATALOG_IMPORT, hospital)
    try:
        rows = importing.read_rows(file_name, content)
    except importing.FileUnreadable as exc:
        raise ImportInvalid(str(exc), fields={"file": [str(exc)]}, extra={"rows": []}) from exc
    for row in rows:
        importing.parse_row(row)

    # What the catalog already holds (ids, codes, names, parents).
    existing = list(
        Item.objects.filter(hospital=hospital).values_list(
            "id", "code", "kind", "name", "parent_id"
        )
    )
    code_of_id = {pk: code for pk, code, *_rest in existing}
    id_of_code = {code: pk for pk, code in code_of_id.items()}
    db_items = _Names()
    by_identity = {}
    for _pk, code, kind, name, parent_id in existing:
        db_items.add(code, name, code)
        by_identity[(kind, name, parent_id)] = code

    # Give each row its code: written, already in the catalog, or derived from its identity.
    file_items = _Names()
    seen_codes: dict[str, int] = {}
    for row in rows:
        p = row.parsed
        if not p["kind"] or not p["name"]:
            continue
        if not p["code"]:
            known = None
            if p["parent"]:
                parent_code, _err = db_items.find(p["parent"])
                if parent_code:
                    known = by_identity.get((p["kind"], p["name"], id_of_code[parent_code]))
            else:
                known = by_identity.get((p["kind"], p["name"], None))
            p["code"] = known or importing.derived_code(p["kind"], p["parent"], p["name"])
        if p["code"] in seen_codes:
            row.error("code", _("Row %d already has this item.") % seen_codes[p["code"]])
            continue
        seen_codes[p["code"]] = row.number
        file_items.add(p["code"], p["name"], p["code"])

    def resolve(text: str) -> tuple[str | None, str | None]:
        code, error = file_items.find(text)
        if code is None and text not in file_items.by_name:
            code, error = db_items.find(text)
        return code, error

    # References to other items, vendors and departments.
    vendors = {v.code: v for v in Vendor.objects.filter(hospital=hospital)}
    vendor_by_name = {v.name: v for v in vendors.values()}
    departments = {d.code: d for d in Department.objects.filter(hospital=hospital)}
    department_by_name = {d.name: d for d in departments.values()}
    may_add_vendor = can(actor, Cap.VENDOR_MANAGE, hospital)
    may_add_department = can(actor, Cap.DEPARTMENT_MANAGE, hospital)
    new_vendors: dict[str, str] = {}
    new_departments: set[str] = set()
    parent_of: dict[str, str | None] = {}
    for row in rows:
        p = row.parsed
        for key in ("parent", "source", "target"):
            p[f"{key}_code"] = None
            if p.get(key):
                code, error = resolve(p[key])
                if error:
                    row.error(key, error)
                elif code == p["code"]:
                    row.error(key, _("An item cannot refer to itself."))
                else:
                    p[f"{key}_code"] = code
        for key in ("runs_on", "depends_on"):
            p[f"{key}_codes"] = []
            for text in p[key]:
                code, error = resolve(text)
                if error:
                    row.error(key, error)
                elif code == p["code"]:
                    row.error(key, _("An item cannot refer to itself."))
                else:
                    p[f"{key}_codes"].append(code)
        if p["code"]:
            parent_of[p["code"]] = p["parent_code"]
        name = p.get("vendor")
        if name and name not in vendor_by_name and name not in vendors and name not in new_vendors:
            if may_add_vendor:
                new_vendors[name] = p["vendor_kind"]
            else:
                row.error(
                    "vendor",
                    _("Vendor “%s” does not exist; ask the IT administrator to add it.") % name,
                )
        for dept in p["departments"]:
            if dept not in department_by_name and dept not in departments:
                if may_add_department:
                    new_departments.add(dept)
                else:
                    row.error("departments", _("Department “%s” does not exist.") % dept)

    # No loops in the parent chain, across the file and the catalog.
    db_parent = {
        code_of_id[pk]: code_of_id.get(parent_id) for pk, _c, _k, _n, parent_id in existing
    }
    for row in rows:
        code = row.parsed.get("code")
        node, steps = code, 0
        while node and steps <= len(parent_of) + len(db_parent):
            node = parent_of[node] if node in parent_of else db_parent.get(node)
            steps += 1
            if node == code:
                row.error("parent", _("The parent chain loops back to this item."))
                break

    bad = [r for r in rows if r.errors]
    if bad:
        raise ImportInvalid(
            _("%(count)d of %(total)d rows have errors; nothing was imported.")
            % {"count": len(bad), "total": len(rows)},
            extra={"rows": [{"row": r.number, "errors": r.errors} for r in bad]},
        )

    result = ImportResult(dry_run=dry_run)
    result.vendors_created = sorted(new_vendors)
    result.departments_created = sorted(new_departments)
    known_codes = set(code_of_id.values())
    result.created = sum(1 for r in rows if r.parsed["code"] not in known_codes)
    if dry_run:
        result.updated = len(rows) - result.created
        return result

    for number, (name, kind) in enumerate(sorted(new_vendors.items()), start=len(vendors) + 1):
        vendor = vendor_create(
            actor=actor,
            hospital=hospital,
            code=_free_code("V", number, vendors),
            name=name,
            kind=kind,
        )
        vendors[vendor.code] = vendor_by_name[name] = vendor
    for number, name in enumerate(sorted(new_departments), start=len(departments) + 1):
        dept = department_create(
            actor=actor, hospital=hospital, code=_free_code("D", number, departments), name=name
        )
        departments[dept.code] = department_by_name[name] = dept

    # Items first without references, then the references once every item has an id.
    matched = {}
    for chunk in _chunks([r.parsed["code"] for r in rows if r.parsed["code"] in known_codes]):
        for item in Item.objects.filter(hospital=hospital, code__in=chunk).prefetch_related(
            "departments"
        ):
            matched[item.code] = item
    new_items = [
        Item(hospital=hospital, code=r.parsed["code"], name=r.parsed["name"], kind=r.parsed["kind"])
        for r in rows
        if r.parsed["code"] not in matched
    ]
    Item.objects.bulk_create(new_items, batch_size=1000)
    id_of = dict(id_of_code)
    for chunk in _chunks([i.code for i in new_items]):
        id_of.update(
            Item.objects.filter(hospital=hospital, code__in=chunk).values_list("code", "id")
        )

    changed, links = [], []
    now = timezone.now()
    through = Item.departments.through
    for row in rows:
        p = row.parsed
        item = matched.get(p["code"]) or Item(
            pk=id_of[p["code"]], hospital=hospital, code=p["code"]
        )
        vendor = (
            vendor_by_name.get(p["vendor"]) or vendors.get(p["vendor"]) if p["vendor"] else None
        )
        wanted = {
            "name": p["name"], "kind": p["kind"], "version": p["version"],
            "criticality": p["criticality"], "environment": p["environment"], "notes": p["notes"],
            "external_party": p["external_party"], "protocol": p["protocol"],
            "direction": p["direction"], "policy_driven": p["policy_driven"],
            "db_engine": p["db_engine"], "db_role": p["db_role"], "host": p["host"],
            "location": p["location"], "vendor_id": vendor.pk if vendor else None,
            "parent_id": id_of.get(p["parent_code"]), "source_id": id_of.get(p["source_code"]),
            "target_id": id_of.get(p["target_code"]),
        }  # fmt: skip
        dept_ids = {(department_by_name.get(d) or departments[d]).pk for d in p["departments"]}
        is_new = p["code"] not in matched
        old_depts = set() if is_new else {d.pk for d in item.departments.all()}
        differs = is_new or any(getattr(item, k) != v for k, v in wanted.items())
        for key, value in wanted.items():
            setattr(item, key, value)
        if differs:
            item.updated_at = now
            changed.append(item)
        if dept_ids != old_depts:
            if not is_new:
                through.objects.filter(item_id=item.pk).delete()
            links.extend(through(item_id=item.pk, department_id=d) for d in dept_ids)
        if not is_new and (differs or dept_ids != old_depts):
            result.updated += 1
        elif not is_new:
            result.unchanged += 1
    Item.objects.bulk_update(changed, [*ITEM_IMPORT_FIELDS, "updated_at"], batch_size=1000)
    through.objects.bulk_create(links, batch_size=1000)
    # Relations named in the file are added; relations the file does not name are kept.
    wanted_relations = {
        (id_of[r.parsed["code"]], id_of[target], kind)
        for r in rows
        for kind in ("runs_on", "depends_on")
        for target in r.parsed[f"{kind}_codes"]
    }
    if wanted_relations:
        have = set()
        for chunk in _chunks(sorted({source for source, _t, _k in wanted_relations})):
            have.update(
                Relation.objects.filter(source_id__in=chunk).values_list(
                    "source_id", "target_id", "kind"
                )
            )
        Relation.objects.bulk_create(
            [
                Relation(hospital=hospital, source_id=s, target_id=t, kind=k)
                for s, t, k in sorted(wanted_relations - have)
            ],
            batch_size=1000,
        )
    audit_record(
        actor=actor,
        action="catalog.import",
        hospital=hospital,
        object_type="catalog.item",
        object_repr=file_name[:200],
        changes={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        message=_("Imported %(file)s: %(rows)d rows.") % {"file": file_name, "rows": len(rows)},
    )
    return result


def _free_code(prefix: str, number: int, taken: dict) -> str:
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


# ---------------------------------------------------------------------------------------
# Export


def catalog_export(*, actor, items) -> bytes:
    """The catalog as .xlsx in the import's columns (a read, but a bulk one: audited)."""
    rows = importing.export_rows(
        items.select_related("parent", "vendor", "source", "target").prefetch_related(
            "departments", "relations_out__target"
        )
    )
    audit_record(
        actor=actor,
        action="catalog.export",
        hospital=getattr(actor, "hospital", None),
        object_type="catalog.item",
        changes={"rows": len(rows)},
    )
    return importing.write_xlsx(rows)
