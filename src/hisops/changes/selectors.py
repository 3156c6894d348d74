"""Reads of changes, scoped: vendor staff see their own vendor's changes."""

import calendar as month_calendar
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Change, FreezeWindow


def change_queryset(*, user) -> QuerySet[Change]:
    if not can(user, Cap.CHANGE_VIEW):
        return Change.objects.none()
    qs = scope_to_user(Change.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(vendor_id=user.vendor_id)
    return qs


def change_list(
    *, user, status: str = "", kind: str = "", item: int | None = None, q: str = ""
) -> QuerySet[Change]:
    qs = change_queryset(user=user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if item:
        qs = qs.filter(Q(items=item) | Q(items__parent_id=item)).distinct()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return (
        qs.select_related("vendor", "contract")
        .prefetch_related("items")
        .order_by("-created_at", "-id")
    )


def change_get(*, user, number: str) -> Change:
    change = (
        change_queryset(user=user)
        .select_related("vendor", "contract", "test_signed_by", "approved_by")
        .filter(number=number)
        .first()
    )
    if change is None:
        raise NotFound()
    return change


def changes_for(*, user, ticket=None, item=None) -> list[Change]:
    """The changes of a ticket (that fix it) or of an item (made on it), newest first."""
    qs = change_queryset(user=user)
    qs = qs.filter(tickets=ticket) if ticket is not None else qs.filter(items=item)
    return list(qs.order_by("-created_at")[:20])


def month_of(value: str | None) -> date:
    """The month a ``YYYY-MM`` names (this month when it names none)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def change_calendar(*, user, month: date) -> dict:
    """A month view: the weeks (Monday first), and for each day the changes whose window
    touches it and the freeze windows over it."""
    first = month.replace(day=1)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    changes = list(
        change_queryset(user=user).filter(planned_start__lt=end, planned_end__gt=start)
        .select_related("vendor").order_by("planned_start")
    )  # fmt: skip
    freezes = list(
        scope_to_user(FreezeWindow.objects.all(), user)
        .filter(start__lt=end, end__gt=start)
        .select_related("item")
    )
    days = {}
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        lo = timezone.make_aware(datetime.combine(day, time.min))
        hi = lo + timedelta(days=1)
        days[day] = {
            "changes": [c for c in changes if c.planned_start < hi and c.planned_end > lo],
            "freezes": [f for f in freezes if f.start < hi and f.end > lo],
        }
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return {
        "month": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": last + timedelta(days=1),
        "weeks": [[(d, days.get(d), d.month == first.month) for d in week] for week in weeks],
    }


def freeze_list(*, user, since: date | None = None) -> QuerySet[FreezeWindow]:
    """Freeze windows, those ending on or after ``since`` when given."""
    if not can(user, Cap.CHANGE_VIEW):
        return FreezeWindow.objects.none()
    qs = scope_to_user(FreezeWindow.objects.select_related("item"), user)
    if since is not None:
        qs = qs.filter(end__gte=timezone.make_aware(datetime.combine(since, time.min)))
    return qs.order_by("start")
