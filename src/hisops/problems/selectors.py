"""Reads of the problem list, scoped: vendor staff see their own vendor's problems."""

from django.db.models import Count, Q, QuerySet

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .models import Problem, ProblemIncident


def problem_queryset(*, user) -> QuerySet[Problem]:
    if not can(user, Cap.PROBLEM_VIEW):
        return Problem.objects.none()
    qs = scope_to_user(Problem.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(vendor_id=user.vendor_id)
    return qs


def problem_list(
    *, user, status: str = "", item: int | None = None, vendor: int | None = None, q: str = ""
) -> QuerySet[Problem]:
    qs = problem_queryset(user=user)
    if status:
        qs = qs.filter(status=status)
    if item:
        qs = qs.filter(Q(item_id=item) | Q(item__parent_id=item))
    if vendor:
        qs = qs.filter(vendor_id=vendor)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return (
        qs.select_related("item", "vendor")
        .annotate(incident_count=Count("links"))
        .order_by("-created_at", "-id")
    )


def problem_get(*, user, number: str) -> Problem:
    problem = (
        problem_queryset(user=user).select_related("item", "vendor").filter(number=number).first()
    )
    if problem is None:
        raise NotFound()
    return problem


def problem_incidents(*, problem: Problem):
    """The incidents the problem causes (for the problem's page)."""
    return (
        ProblemIncident.objects.filter(problem=problem)
        .select_related("ticket", "ticket__item", "ticket__level")
        .order_by("-ticket__reported_at")
    )


def problem_for_ticket(*, ticket) -> Problem | None:
    link = ProblemIncident.objects.filter(ticket=ticket).select_related("problem").first()
    return link.problem if link else None
