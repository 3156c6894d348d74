"""The catalog import and export: whole spreadsheets in one business action each.

The import runs in phases; nothing is written until every row has passed every check:

1. parse each row (:func:`hisops.catalog.importing.parse_row`);
2. give each row its item code: written, already in the catalog, or derived;
3. resolve references to items, vendors and departments;
4. refuse parent chains that loop;
5. if any row has an error, raise :class:`ImportInvalid` with the row-by-row report;
6. otherwise create vendors and departments, write the items, then their references and
   relations, and record one audit event.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.accounts.models import Department, Vendor
from hisops.accounts.services import department_create, vendor_create
from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import ValidationError

from .. import importing
from ..events import items_written
from ..importing import Row
from ..models import Item, Relation


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


ITEM_IMPORT_FIELDS = (
    "name", "kind", "version", "criticality", "environment", "notes", "aliases", "external_party",
    "protocol", "direction", "policy_driven", "db_engine", "db_role", "host", "location",
    "vendor_id", "parent_id", "source_id", "target_id",
)  # fmt: skip
REFERENCES = ("parent", "source", "target")
RELATIONS = ("runs_on", "depends_on")


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Names:
    """Find a code by code or by a name only one record has."""

    def __init__(self):
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}

    def add(self, code: str, name: str) -> None:
        self.by_code[code] = code
        self.by_name.setdefault(name, []).append(code)

    def find(self, text: str) -> tuple[str | None, str | None]:
        """(code, None), or (None, message) when unknown or ambiguous."""
        if text in self.by_code:
            return text, None
        matches = self.by_name.get(text, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            return None, _("“%s” names several items; write its code instead.") % text
        return None, _("“%s” is not in the file or the catalog.") % text


@dataclass
class _Catalog:
    """What the hospital's catalog already holds, indexed for the checks."""

    id_of_code: dict[str, int]
    names: _Names
    by_identity: dict[tuple, str]
    parent_code: dict[str, str | None]

    @classmethod
    def load(cls, hospital) -> "_Catalog":
        existing = list(
            Item.objects.filter(hospital=hospital).values_list(
                "id", "code", "kind", "name", "parent_id"
            )
        )
        code_of_id = {pk: code for pk, code, *_rest in existing}
        names = _Names()
        by_identity = {}
        parent_code = {}
        for _pk, code, kind, name, parent_id in existing:
            names.add(code, name)
            by_identity[(kind, name, parent_id)] = code
            parent_code[code] = code_of_id.get(parent_id)
        return cls(
            id_of_code={code: pk for pk, code in code_of_id.items()},
            names=names,
            by_identity=by_identity,
            parent_code=parent_code,
        )

    def identity_code(self, kind: str, name: str, parent_text: str) -> str | None:
        """The code of the existing item with this kind, name and parent, if any."""
        if not parent_text:
            return self.by_identity.get((kind, name, None))
        parent, _error = self.names.find(parent_text)
        return self.by_identity.get((kind, name, self.id_of_code[parent])) if parent else None


@dataclass
class _People:
    """Vendors and departments by code and by name, and the ones the import will add."""

    vendors: dict[str, Vendor]
    departments: dict[str, Department]
    may_add_vendor: bool
    may_add_department: bool
    new_vendors: dict[str, str] = field(default_factory=dict)  # name -> vendor kind
    new_departments: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, *, actor, hospital) -> "_People":
        vendors = {}
        for vendor in Vendor.objects.filter(hospital=hospital):
            vendors[vendor.code] = vendors[vendor.name] = vendor
        departments = {}
        for dept in Department.objects.filter(hospital=hospital):
            departments[dept.code] = departments[dept.name] = dept
        return cls(
            vendors=vendors,
            departments=departments,
            may_add_vendor=can(actor, Cap.VENDOR_MANAGE, hospital),
            may_add_department=can(actor, Cap.DEPARTMENT_MANAGE, hospital),
        )

    def check(self, row: Row) -> None:
        name = row.parsed["vendor"]
        if name and name not in self.vendors and name not in self.new_vendors:
            if self.may_add_vendor:
                self.new_vendors[name] = row.parsed["vendor_kind"]
            else:
                row.error(
                    "vendor",
                    _("Vendor “%s” does not exist; ask the IT administrator to add it.") % name,
                )
        for dept in row.parsed["departments"]:
            if dept not in self.departments:
                if self.may_add_department:
                    self.new_departments.add(dept)
                else:
                    row.error("departments", _("Department “%s” does not exist.") % dept)

    def create_missing(self, *, actor, hospital) -> None:
        taken = {v.code for v in self.vendors.values()}
        for name, kind in sorted(self.new_vendors.items()):
            vendor = vendor_create(
                actor=actor, hospital=hospital, code=_free_code("V", taken), name=name, kind=kind
            )
            self.vendors[vendor.code] = self.vendors[name] = vendor
        taken = {d.code for d in self.departments.values()}
        for name in sorted(self.new_departments):
            dept = department_create(
                actor=actor, hospital=hospital, code=_free_code("D", taken), name=name
            )
            self.departments[dept.code] = self.departments[name] = dept


def _free_code(prefix: str, taken: set[str]) -> str:
    number = len(taken) + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    taken.add(f"{prefix}{number:03d}")
    return f"{prefix}{number:03d}"


def _parse(file_name: str, content: bytes) -> list[Row]:
    try:
        rows = importing.read_rows(file_name, content)
    except importing.FileUnreadable as exc:
        raise ImportInvalid(str(exc), fields={"file": [str(exc)]}, extra={"rows": []}) from exc
    for row in rows:
        importing.parse_row(row)
    return rows


def _assign_codes(rows: list[Row], catalog: _Catalog) -> _Names:
    """Every row's item code; a code twice in the file is an error on its second row."""
    in_file = _Names()
    first_row: dict[str, int] = {}
    for row in rows:
        p = row.parsed
        if not p["kind"] or not p["name"]:
            continue
        if not p["code"]:
            p["code"] = catalog.identity_code(
                p["kind"], p["name"], p["parent"]
            ) or importing.derived_code(p["kind"], p["parent"], p["name"])
        if p["code"] in first_row:
            row.error("code", _("Row %d already has this item.") % first_row[p["code"]])
            continue
        first_row[p["code"]] = row.number
        in_file.add(p["code"], p["name"])
    return in_file


def _resolve_references(
    rows: list[Row], catalog: _Catalog, in_file: _Names, people: _People
) -> None:
    """Item references by code or name, the file first; vendors and departments by name."""

    def resolve(row: Row, key: str, text: str) -> str | None:
        code, error = in_file.find(text)
        if code is None and text not in in_file.by_name:
            code, error = catalog.names.find(text)
        if error:
            row.error(key, error)
        elif code == row.parsed["code"]:
            row.error(key, _("An item cannot refer to itself."))
        else:
            return code
        return None

    for row in rows:
        p = row.parsed
        for key in REFERENCES:
            p[f"{key}_code"] = resolve(row, key, p[key]) if p[key] else None
        for key in RELATIONS:
            p[f"{key}_codes"] = [c for c in (resolve(row, key, t) for t in p[key]) if c]
        people.check(row)


def _check_parent_loops(rows: list[Row], catalog: _Catalog) -> None:
    parent_of = dict(catalog.parent_code)
    parent_of.update(
        {r.parsed["code"]: r.parsed["parent_code"] for r in rows if r.parsed.get("code")}
    )
    for row in rows:
        code = row.parsed.get("code")
        node, steps = code, 0
        while node and steps <= len(parent_of):
            node = parent_of.get(node)
            steps += 1
            if node == code:
                row.error("parent", _("The parent chain loops back to this item."))
                break


def _refuse_if_any_errors(rows: list[Row]) -> None:
    bad = [r for r in rows if r.errors]
    if bad:
        raise ImportInvalid(
            _("%(count)d of %(total)d rows have errors; nothing was imported.")
            % {"count": len(bad), "total": len(rows)},
            extra={"rows": [{"row": r.number, "errors": r.errors} for r in bad]},
        )


def _write_items(
    rows: list[Row], catalog: _Catalog, people: _People, hospital, result: ImportResult
) -> dict[str, int]:
    """Create new items, then set every row's fields and references; returns code -> id."""
    matched: dict[str, Item] = {}
    for chunk in _chunks(
        [r.parsed["code"] for r in rows if r.parsed["code"] in catalog.id_of_code]
    ):
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
    id_of = dict(catalog.id_of_code)
    for chunk in _chunks([i.code for i in new_items]):
        id_of.update(
            Item.objects.filter(hospital=hospital, code__in=chunk).values_list("code", "id")
        )

    changed, links = [], []
    now = timezone.now()
    through = Item.departments.through
    for row in rows:
        p = row.parsed
        is_new = p["code"] not in matched
        item = (
            Item(pk=id_of[p["code"]], hospital=hospital, code=p["code"])
            if is_new
            else matched[p["code"]]
        )
        vendor = people.vendors[p["vendor"]] if p["vendor"] else None
        wanted = {
            "name": p["name"], "kind": p["kind"], "version": p["version"],
            "criticality": p["criticality"], "environment": p["environment"], "notes": p["notes"],
            "aliases": p["aliases"],
            "external_party": p["external_party"], "protocol": p["protocol"],
            "direction": p["direction"], "policy_driven": p["policy_driven"],
            "db_engine": p["db_engine"], "db_role": p["db_role"], "host": p["host"],
            "location": p["location"], "vendor_id": vendor.pk if vendor else None,
            **{f"{key}_id": id_of.get(p[f"{key}_code"]) for key in REFERENCES},
        }  # fmt: skip
        dept_ids = {people.departments[d].pk for d in p["departments"]}
        old_dept_ids = set() if is_new else {d.pk for d in item.departments.all()}
        differs = is_new or any(getattr(item, k) != v for k, v in wanted.items())
        for key, value in wanted.items():
            setattr(item, key, value)
        if differs:
            item.updated_at = now
            changed.append(item)
        if dept_ids != old_dept_ids:
            if not is_new:
                through.objects.filter(item_id=item.pk).delete()
            links.extend(through(item_id=item.pk, department_id=d) for d in dept_ids)
        if not is_new:
            if differs or dept_ids != old_dept_ids:
                result.updated += 1
            else:
                result.unchanged += 1
    Item.objects.bulk_update(changed, [*ITEM_IMPORT_FIELDS, "updated_at"], batch_size=1000)
    through.objects.bulk_create(links, batch_size=1000)
    return id_of


def _add_relations(rows: list[Row], id_of: dict[str, int], hospital) -> None:
    """Relations named in the file are added; relations it does not name are kept."""
    wanted = {
        (id_of[r.parsed["code"]], id_of[target], kind)
        for r in rows
        for kind in RELATIONS
        for target in r.parsed[f"{kind}_codes"]
    }
    if not wanted:
        return
    have = set()
    for chunk in _chunks(sorted({source for source, _t, _k in wanted})):
        have.update(
            Relation.objects.filter(source_id__in=chunk).values_list(
                "source_id", "target_id", "kind"
            )
        )
    Relation.objects.bulk_create(
        [
            Relation(hospital=hospital, source_id=s, target_id=t, kind=k)
            for s, t, k in sorted(wanted - have)
        ],
        batch_size=1000,
    )


@transaction.atomic
def catalog_import(
    *, actor, hospital, file_name: str, content: bytes, dry_run: bool = False
) -> ImportResult:
    """Import the catalog spreadsheet: all rows or none (see the module's docstring)."""
    require(actor, Cap.CATALOG_IMPORT, hospital)
    rows = _parse(file_name, content)
    catalog = _Catalog.load(hospital)
    people = _People.load(actor=actor, hospital=hospital)
    in_file = _assign_codes(rows, catalog)
    _resolve_references(rows, catalog, in_file, people)
    _check_parent_loops(rows, catalog)
    _refuse_if_any_errors(rows)

    result = ImportResult(
        dry_run=dry_run,
        created=sum(1 for r in rows if r.parsed["code"] not in catalog.id_of_code),
        vendors_created=sorted(people.new_vendors),
        departments_created=sorted(people.new_departments),
    )
    if dry_run:
        result.updated = len(rows) - result.created  # matched; whether they change is not computed
        return result
    people.create_missing(actor=actor, hospital=hospital)
    id_of = _write_items(rows, catalog, people, hospital, result)
    _add_relations(rows, id_of, hospital)
    items_written.send_on_commit(item_ids=sorted(set(id_of.values())))
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
