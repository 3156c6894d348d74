"""Every read of the CMDB, scoped to what the user may see.

Hospital staff see their hospital's catalog. Vendor staff see only the items their vendor
maintains, with those items' modules and interfaces (the contracts issue widens this to a
contract's covered items).
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hisops.accounts.models import Department
from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound, ValidationError
from hisops.core.scoping import scope_to_user
from hisops.core.textsearch import text_filter

from .choices import ItemKind, RelationKind
from .models import Item, Relation


def item_queryset(*, user) -> QuerySet[Item]:
    if not can(user, Cap.CATALOG_VIEW):
        return Item.objects.none()
    qs = scope_to_user(Item.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(
            Q(vendor_id=user.vendor_id)
            | Q(parent__vendor_id=user.vendor_id)
            | Q(source__vendor_id=user.vendor_id)
            | Q(target__vendor_id=user.vendor_id)
        )
    return qs


def visible_item_ids(*, user) -> frozenset[int] | None:
    """The items a vendor's person may open (read once per request), or ``None`` for hospital
    staff, who may open every item of their hospital."""
    if not getattr(user, "is_vendor", False):
        return None
    cached = getattr(user, "_visible_item_ids", None)
    if cached is None:
        cached = frozenset(item_queryset(user=user).values_list("pk", flat=True))
        user._visible_item_ids = cached
    return cached


# How an item counts as covered (by a contract in force on a day): the contracts app,
# above this one, registers it in its ready(), so the CMDB can list its gaps.
_coverage: list = []


def register_coverage(condition) -> None:
    """``condition(day) -> Q`` selecting the items covered on ``day``."""
    _coverage.append(condition)


def covered_condition(day) -> Q:
    condition = Q(pk__in=[])
    for registered in _coverage:
        condition |= registered(day)
    return condition


def item_list(
    *,
    user,
    kind: str = "",
    parent: int | None = None,
    vendor: int | None = None,
    criticality: str = "",
    q: str = "",
    covered: bool | None = None,
) -> QuerySet[Item]:
    """The CMDB's items; ``covered=False``: those no contract in force today covers (the
    hospital's gaps), ``True``: those one does."""
    qs = item_queryset(user=user)
    if covered is not None:
        from django.utils import timezone

        condition = covered_condition(timezone.localdate())
        qs = qs.filter(condition) if covered else qs.exclude(condition)
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent_id=parent)
    if vendor:
        qs = qs.filter(vendor_id=vendor)
    if criticality:
        qs = qs.filter(criticality=criticality)
    if q:
        qs = qs.filter(text_filter("item", q, fallback=Q(name__icontains=q) | Q(code__icontains=q),
                                   exact=Q(code__icontains=q)))  # fmt: skip
    # No join to the hospital table: with it, SQLite plans a full sort instead of walking
    # the (hospital, code) index. Serializers look hospital codes up once per request.
    return qs.select_related("parent", "vendor").order_by("hospital_id", "code")


def items_named(*, user, hospital_id: int, ids) -> list[Item]:
    """The items an input names by id, each one the user may see in that hospital; a
    ``ValidationError`` on ``items`` when any is not."""
    wanted = set(ids)
    found = list(item_queryset(user=user).filter(hospital_id=hospital_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError(fields={"items": [_("No such item in this hospital.")]})
    return found


# The kinds a change, an article or a document is about (pickers on their forms).
SERVICE_KINDS = (ItemKind.SYSTEM, ItemKind.MODULE, ItemKind.INTERFACE, ItemKind.DATABASE)


def item_picklist(*, user, hospital) -> QuerySet[Item]:
    """The systems, modules, interfaces and databases a form offers to pick from."""
    return (
        item_queryset(user=user)
        .filter(hospital=hospital, kind__in=SERVICE_KINDS)
        .order_by("kind", "name")
    )


def item_get(*, user, pk) -> Item:
    try:
        return (
            item_queryset(user=user)
            .select_related("parent", "vendor", "source", "target", "hospital")
            .prefetch_related("departments")
            .get(pk=pk)
        )
    except (Item.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def item_find(*, user, text: str) -> Item:
    """An item the user may see, by exact code or by a name only one item has."""
    text = text.strip()
    visible = item_queryset(user=user)
    by_code = visible.filter(code=text).first()
    if by_code is not None:
        return by_code
    by_name = list(visible.filter(name=text)[:2])
    if len(by_name) == 1:
        return by_name[0]
    raise NotFound()


def item_relation(*, item: Item, pk: int) -> Relation | None:
    """One relation of the item (either end), or None."""
    return Relation.objects.filter(Q(source=item) | Q(target=item), pk=pk).first()


def item_relations(*, item: Item) -> dict[str, list]:
    """Everything attached to an item, for its detail page."""
    return {
        "children": list(item.children.select_related("vendor").order_by("code")),
        "outgoing": list(item.relations_out.select_related("target").order_by("kind")),
        "incoming": list(item.relations_in.select_related("source").order_by("kind")),
        "interfaces": list(
            Item.objects.filter(Q(source=item) | Q(target=item), kind=ItemKind.INTERFACE)
            .select_related("source", "target")
            .order_by("code")
        ),
    }


@dataclass
class Affected:
    item: Item
    depth: int
    via_id: int
    reason: str
    via: Item | None = None


@dataclass
class Impact:
    item: Item
    affected: list[Affected] = field(default_factory=list)
    departments: list = field(default_factory=list)


# What fails along with a failed item F: an item A is affected when
#   A is a child (module) of F,
#   A runs on or depends on F (Relation A -> F),
#   A exchanges data with F (either direction), or
#   A is an interface whose source or target is F.
# The walk is breadth-first with a visited set, so cycles in the data end it, and costs a
# fixed number of queries per level, not per item.
def item_impact(*, user, item: Item) -> Impact:
    visible = item_queryset(user=user)
    hospital_id = item.hospital_id
    seen: dict[int, tuple[int, int, str]] = {item.pk: (0, 0, "")}
    frontier = {item.pk}
    depth = 0
    while frontier:
        depth += 1
        found: dict[int, tuple[int, str]] = {}
        for child_id, parent_id in Item.objects.filter(
            hospital_id=hospital_id, parent_id__in=frontier
        ).values_list("id", "parent_id"):
            found.setdefault(child_id, (parent_id, "child"))
        for src, tgt, kind in Relation.objects.filter(
            hospital_id=hospital_id, target_id__in=frontier
        ).values_list("source_id", "target_id", "kind"):
            found.setdefault(src, (tgt, kind))
        for src, tgt in Relation.objects.filter(
            hospital_id=hospital_id, source_id__in=frontier, kind=RelationKind.EXCHANGES_DATA
        ).values_list("source_id", "target_id"):
            found.setdefault(tgt, (src, RelationKind.EXCHANGES_DATA))
        for iface_id, src, tgt in Item.objects.filter(
            Q(source_id__in=frontier) | Q(target_id__in=frontier),
            hospital_id=hospital_id,
            kind=ItemKind.INTERFACE,
        ).values_list("id", "source_id", "target_id"):
            found.setdefault(iface_id, (src if src in frontier else tgt, "interface"))
        frontier = set()
        for item_id, (via, reason) in found.items():
            if item_id not in seen:
                seen[item_id] = (depth, via, reason)
                frontier.add(item_id)

    affected_ids = [pk for pk in seen if pk != item.pk]
    items = visible.filter(pk__in=affected_ids).select_related("vendor", "parent")
    by_id = {i.pk: i for i in items} | {item.pk: item}
    affected = sorted(
        (
            Affected(
                item=i,
                depth=seen[i.pk][0],
                via_id=seen[i.pk][1],
                reason=seen[i.pk][2],
                via=by_id.get(seen[i.pk][1]),
            )
            for i in items
        ),
        key=lambda a: (a.depth, a.item.code),
    )
    departments = list(
        Department.objects.filter(items__in=[item.pk, *(a.item.pk for a in affected)])
        .distinct()
        .order_by("code")
    )
    return Impact(item=item, affected=affected, departments=departments)


def item_family_ids(*, item_id: int) -> list[int]:
    """The item and its direct children (a system and its modules), for filters that take
    "this system" to include its modules."""
    return [item_id, *Item.objects.filter(parent_id=item_id).values_list("pk", flat=True)]


@dataclass(frozen=True)
class ReportChoice:
    """A system or module a reporter can pick, with the words the search box matches."""

    pk: int
    label: str
    words: str
    in_department: bool


def report_choices(*, user) -> list[ReportChoice]:
    """The active systems and modules a reporter picks from: those of the reporter's
    department first, then the rest, each by name (two queries)."""
    items = list(
        item_queryset(user=user)
        .filter(kind__in=[ItemKind.SYSTEM, ItemKind.MODULE], is_active=True)
        .values("pk", "code", "name", "aliases", "parent__name")
    )
    department_id = getattr(user, "department_id", None)
    mine = (
        set(Item.departments.through.objects.filter(department_id=department_id).values_list("item_id", flat=True))
        if department_id
        else set()
    )  # fmt: skip
    choices = [
        ReportChoice(
            pk=row["pk"],
            label=f"{row['parent__name']} / {row['name']}" if row["parent__name"] else row["name"],
            words=" ".join(
                filter(None, [row["code"], row["name"], row["aliases"], row["parent__name"] or ""])
            ).lower(),
            in_department=row["pk"] in mine,
        )
        for row in items
    ]
    return sorted(choices, key=lambda c: (not c.in_department, c.label))
