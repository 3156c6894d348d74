"""Reads of checks and their results, scoped to the user's hospital."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDate

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Check, CheckResult, DataSource


def check_list(*, user, item: int | None = None, failing: bool = False) -> QuerySet[Check]:
    if not can(user, Cap.CHECK_VIEW):
        return Check.objects.none()
    qs = scope_to_user(Check.objects.all(), user)
    if item:
        qs = qs.filter(item_id=item)
    if failing:
        qs = qs.filter(last_ok=False)
    return qs.select_related("item", "source", "ticket").order_by("name", "id")


def check_get(*, user, pk: int) -> Check:
    check = check_list(user=user).filter(pk=pk).first()
    if check is None:
        raise NotFound()
    return check


def check_results(*, check: Check, limit: int = 100) -> list[CheckResult]:
    return list(check.results.order_by("-ran_at")[:limit])


def source_list(*, user) -> QuerySet[DataSource]:
    if not can(user, Cap.CHECK_VIEW):
        return DataSource.objects.none()
    return scope_to_user(DataSource.objects.all(), user).select_related("item").order_by("name")


def interface_daily(*, item, first: date, last: date, zone: str = "Asia/Shanghai") -> list[dict]:
    """Per day, for the checks on an interface (or any item): runs, passed, success rate
    and mean duration in ms: the 数据交换速度、成功率 the interface inspection and the
    reports quote."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    rows = (
        CheckResult.objects.filter(check_ref__item=item, ran_at__gte=start, ran_at__lt=end)
        .annotate(day=TruncDate("ran_at", tzinfo=tz))
        .values("day")
        .annotate(
            runs=Count("id"), passed=Count("id", filter=Q(ok=True)), mean_ms=Avg("duration_ms")
        )
        .order_by("day")
    )
    return [{"day": r["day"], "runs": r["runs"], "passed": r["passed"], "success_rate": r["passed"] / r["runs"],
             "mean_ms": round(r["mean_ms"] or 0)} for r in rows]  # fmt: skip
