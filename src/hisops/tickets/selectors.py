"""Reads of tickets, scoped: vendor staff see their contracts' tickets, clinicians the
ones they or their department reported, hospital staff their hospital's."""

from datetime import datetime

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from hisops.catalog.selectors import item_family_ids
from hisops.core.capabilities import Cap, Role, can
from hisops.core.errors import NotFound
from hisops.core.pagination import VersionedCountPaginator
from hisops.core.scoping import scope_to_user
from hisops.core.textsearch import text_filter

from .choices import OPEN_STATUSES, QueueSort, Status
from .models import Attachment, OnsiteVisit, SLAClock, Ticket
from .sla_state import ticket_filter


def ticket_queryset(*, user) -> QuerySet[Ticket]:
    if not can(user, Cap.TICKET_VIEW):
        return Ticket.objects.none()
    qs = scope_to_user(Ticket.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(contract__vendor_id=user.vendor_id)
    elif getattr(user, "role", None) == Role.CLINICIAN:
        mine = Q(reporter_id=user.pk)
        if user.department_id:
            mine |= Q(department_id=user.department_id)
        qs = qs.filter(mine)
    return qs


class TicketPaginator(VersionedCountPaginator):
    """The queue's total, counted once per change to tickets (see core.pagination)."""

    table = "tickets"


def ticket_list(*, user, status: str = "", level: str = "", item: int | None = None, vendor: int | None = None,
                department: int | None = None, assignee: int | None = None, group: int | None = None,
                sla: str = "", q: str = "", now: datetime | None = None, names: bool = True,
                sort: str = QueueSort.REPORTED) -> QuerySet[Ticket]:  # fmt: skip
    """The queue. ``status`` may be ``open`` (every open status); ``item`` takes a system
    and its modules; ``sla`` is the state of the ticket's clocks (see :mod:`.sla_state`).
    ``names=False`` (the API, which answers ids) joins only the level. ``sort``: see
    :class:`.choices.QueueSort`."""
    qs = ticket_queryset(user=user)
    if status == "open":
        qs = qs.filter(status__in=list(OPEN_STATUSES))
    elif status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level__code=level)
    if item:
        # Ids first, so the item index narrows the tickets before anything else is checked.
        qs = qs.filter(item_id__in=item_family_ids(item_id=item))
    if vendor:
        qs = qs.filter(contract__vendor_id=vendor)
    if department:
        qs = qs.filter(department_id=department)
    if assignee:
        qs = qs.filter(assignee_id=assignee)
    if group:
        qs = qs.filter(group_id=group)
    if sla:
        qs = qs.filter(ticket_filter(sla, now or timezone.now(), SLAClock))
    if q:
        qs = qs.filter(text_filter("ticket", q, fallback=Q(title__icontains=q) | Q(number__icontains=q),
                                   exact=Q(number__icontains=q)))  # fmt: skip
    # A list shows names, not whole records: contracts are not joined (a hospital has a
    # handful; the API looks their numbers up once per page) and long texts stay in the
    # database until a ticket is opened.
    return (
        qs.select_related(*(("item", "level", "department", "assignee") if names else ("level",)))
        .defer(*LONG_TEXTS)
        .prefetch_related(Prefetch("clocks", queryset=LIST_CLOCKS))
        .order_by(*_order(sort))
    )


def _order(sort: str) -> tuple:
    if sort == QueueSort.DUE:  # tickets without a running clock last
        nearest = Subquery(
            SLAClock.objects.filter(ticket_id=OuterRef("pk"), met_at__isnull=True)
            .order_by("due_at")
            .values("due_at")[:1]
        )
        return (nearest.asc(nulls_last=True), "-reported_at", "-id")
    if sort == QueueSort.LEVEL:  # most severe first: system level, then the contract's order
        return (F("level__system_level").desc(nulls_last=True), F("level__position").asc(nulls_last=True),
                "-reported_at", "-id")  # fmt: skip
    if sort == QueueSort.UPDATED:
        return ("-updated_at", "-id")
    return ("-reported_at", "-id")


# What a row of the queue shows (tickets.views.desk), read as plain values: building model
# instances for fifty tickets, their names and clocks was most of the queue's time.
QUEUE_VALUES = (
    "id", "number", "title", "status", "paused_since", "reported_at", "contract_id",
    "item__name", "department__name", "level__name", "assignee__full_name", "assignee__username",
)  # fmt: skip
CLOCK_VALUES = (
    "ticket_id",
    "target",
    "due_at",
    "met_at",
    "paused_minutes",
    "breached",
    "warned_at",
)


def queue_values(tickets: QuerySet[Ticket]):
    """``ticket_list``'s tickets as named rows of :data:`QUEUE_VALUES` (page them, then
    read their clocks with :func:`clocks_of`)."""
    return tickets.prefetch_related(None).values_list(*QUEUE_VALUES, named=True)


def clocks_of(ticket_ids) -> dict[int, list]:
    """The clocks of these tickets as named rows, by ticket id, in due order."""
    by_ticket: dict[int, list] = {pk: [] for pk in ticket_ids}
    rows = SLAClock.objects.filter(ticket_id__in=list(by_ticket)).order_by("due_at")
    for clock in rows.values_list(*CLOCK_VALUES, named=True):
        by_ticket[clock.ticket_id].append(clock)
    return by_ticket


# What a list shows of a clock (its countdown and the API's clock fields), nothing more.
LIST_CLOCKS = SLAClock.objects.only(
    "ticket_id", "target", "due_at", "met_at", "paused_minutes", "breached", "holiday_data_missing",
    "warned_at", "immediate",
).order_by("due_at")  # fmt: skip
LONG_TEXTS = (
    "description",
    "resolution",
    "review_cause",
    "review_impact",
    "review_actions",
    "followup_note",
)


def ticket_get(*, user, number: str) -> Ticket:
    ticket = (
        ticket_queryset(user=user)
        .select_related("item", "level", "contract", "department", "assignee", "reporter")
        .prefetch_related(Prefetch("clocks", queryset=SLAClock.objects.order_by("due_at")))
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise NotFound()
    return ticket


def onsite_work(*, user) -> QuerySet[Ticket]:
    """The engineer's phone list: open tickets with a visit of theirs not yet signed."""
    return (
        ticket_queryset(user=user)
        .filter(
            status__in=[
                Status.DISPATCHED,
                Status.ARRIVED,
                Status.SOLUTION_PROPOSED,
                Status.IN_PROGRESS,
            ],
            visits__engineer=user,
            visits__signed_at__isnull=True,
        )
        .select_related("item", "level", "department")
        .prefetch_related(Prefetch("clocks", queryset=SLAClock.objects.order_by("due_at")))
        .distinct()
        .order_by("reported_at", "id")
    )


def ticket_visits(*, ticket: Ticket) -> QuerySet[OnsiteVisit]:
    return ticket.visits.select_related("engineer", "arrived_by").order_by("dispatched_at", "id")


def ticket_attachments(*, ticket: Ticket) -> QuerySet[Attachment]:
    return ticket.attachments.select_related("uploaded_by").order_by("created_at", "id")


def attachment_get(*, user, number: str, attachment_id: int) -> Attachment:
    ticket = ticket_get(user=user, number=number)
    attachment = ticket.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment


def visit_get(*, user, number: str, visit_id: int) -> OnsiteVisit:
    ticket = ticket_get(user=user, number=number)
    visit = ticket.visits.filter(pk=visit_id).first()
    if visit is None:
        raise NotFound()
    return visit


# Who hears about a ticket, by occasion: the hospital's roles, the covering vendor's
# roles, and whether the assignee is told too. The one table for every announcement.
AUDIENCES = {
    "created": ((Role.IT_ADMIN,), (Role.VENDOR_MANAGER,), False),
    "sla": ((Role.IT_ADMIN, Role.IT_ENGINEER), (Role.VENDOR_MANAGER,), True),
    "major_incident": (
        (Role.IT_ADMIN, Role.IT_ENGINEER),
        (Role.VENDOR_MANAGER, Role.VENDOR_ENGINEER),
        False,
    ),
    "contested": ((Role.IT_ADMIN,), (Role.VENDOR_MANAGER,), True),
    # Not an announcement: who may be given the ticket (the service re-checks).
    "assignable": (
        (Role.IT_ADMIN, Role.IT_ENGINEER),
        (Role.VENDOR_MANAGER, Role.VENDOR_ENGINEER),
        False,
    ),
}


def ticket_audience(*, ticket: Ticket, occasion: str) -> list:
    """The active people an occasion concerns (see :data:`AUDIENCES`), each once."""
    from hisops.accounts.selectors import users_with_role

    hospital_roles, vendor_roles, assignee = AUDIENCES[occasion]
    people = list(users_with_role(hospital=ticket.hospital, roles=hospital_roles))
    if ticket.contract_id:
        people += users_with_role(
            hospital=ticket.hospital, roles=vendor_roles, vendor=ticket.contract.vendor
        )
    if assignee and ticket.assignee_id:
        people.append(ticket.assignee)
    return list({person.pk: person for person in people}.values())


def assignable_people(*, ticket: Ticket):
    """Who the ticket may be given to: the hospital's IT staff and the covering vendor's
    people (the service re-checks)."""
    return ticket_audience(ticket=ticket, occasion="assignable")


def no_clock_reason(ticket: Ticket) -> str:
    """Why a ticket has no SLA clock, in the reader's words: the true cause, from the
    item, its coverage on the report date, the contract's levels and the level's times."""
    from django.utils.translation import gettext as _

    from hisops.contracts.selectors import coverage_gap

    if ticket.item_id is None:
        return _(
            "No clocks yet: the system is not known. The IT department sets it, and the clocks "
            "then count from the report."
        )
    words = {"item": ticket.item.name}
    if ticket.contract_id is None:
        gap = coverage_gap(item=ticket.item, on=timezone.localdate(ticket.reported_at))
        return {
            "expired": _("No clocks: the contract covering %(item)s had ended by the report date."),
            "not_started": _("No clocks: the contract covering %(item)s had not begun on the report date."),
            "not_covered": _("No clocks: no contract covers %(item)s."),
        }[gap] % words  # fmt: skip
    words["contract"] = ticket.contract.number
    if ticket.level_id is None:
        if not ticket.contract.levels.exists():
            return (
                _(
                    "No clocks: contract %(contract)s has no fault levels (only its service items "
                    "have times)."
                )
                % words
            )
        return (
            _("No clocks: no level was chosen and contract %(contract)s has no default level.")
            % words
        )
    words["level"] = ticket.level.name
    return (
        _("No clocks: level %(level)s of contract %(contract)s has no time limits filled in.")
        % words
    )


def visit_for_archive(*, pk: int) -> OnsiteVisit:
    """An on-site visit with its ticket, for work the system does on it (not scoped: the
    caller is a task acting for the hospital)."""
    return OnsiteVisit.objects.select_related("ticket__hospital", "ticket__contract__vendor", "ticket__item",
                                              "ticket__level", "ticket__department").get(pk=pk)  # fmt: skip
