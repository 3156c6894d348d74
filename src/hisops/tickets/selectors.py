"""Reads of tickets, scoped: vendor staff see their contracts' tickets, clinicians the
ones they or their department reported, hospital staff their hospital's."""

from django.db.models import Prefetch, Q, QuerySet

from hisops.accounts.choices import Role
from hisops.accounts.permissions import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import SLAClock, Ticket


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


def ticket_list(*, user, status: str = "", level: str = "", item: int | None = None, vendor: int | None = None,
                department: int | None = None, assignee: int | None = None, q: str = "") -> QuerySet[Ticket]:  # fmt: skip
    qs = ticket_queryset(user=user)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level__code=level)
    if item:
        qs = qs.filter(item_id=item)
    if vendor:
        qs = qs.filter(contract__vendor_id=vendor)
    if department:
        qs = qs.filter(department_id=department)
    if assignee:
        qs = qs.filter(assignee_id=assignee)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return (
        qs.select_related("item", "level", "contract", "department", "assignee")
        .prefetch_related(Prefetch("clocks", queryset=SLAClock.objects.order_by("due_at")))
        .order_by("-reported_at", "-id")
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


def may_see_patient_data(user) -> bool:
    """Vendor staff see patient identifiers masked; hospital staff see them whole."""
    return not getattr(user, "is_vendor", False)
