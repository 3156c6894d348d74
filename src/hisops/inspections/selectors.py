"""Reads of inspections, scoped: vendor staff see their own vendor's contracts' plans and
inspections; checklist templates are the hospital's."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from hisops.core.capabilities import Cap, can
from hisops.core.errors import NotFound
from hisops.core.scoping import scope_to_user

from .choices import OPEN_STATUSES
from .models import ChecklistTemplate, Inspection, InspectionPlan


def _vendor_scoped(qs: QuerySet, user) -> QuerySet:
    if getattr(user, "is_vendor", False):
        return qs.filter(contract__vendor_id=user.vendor_id)
    return qs


def template_list(*, user) -> QuerySet[ChecklistTemplate]:
    if not can(user, Cap.INSPECTION_VIEW):
        return ChecklistTemplate.objects.none()
    return (
        scope_to_user(ChecklistTemplate.objects.all(), user)
        .annotate(line_count=Count("lines"))
        .order_by("name")
    )


def template_get(*, user, pk: int) -> ChecklistTemplate:
    template = template_list(user=user).filter(pk=pk).first()
    if template is None:
        raise NotFound()
    return template


def plan_list(*, user, contract: int | None = None) -> QuerySet[InspectionPlan]:
    if not can(user, Cap.INSPECTION_VIEW):
        return InspectionPlan.objects.none()
    qs = _vendor_scoped(scope_to_user(InspectionPlan.objects.all(), user), user)
    if contract:
        qs = qs.filter(contract_id=contract)
    return qs.select_related(
        "contract__vendor", "template", "calendar", "assignee"
    ).prefetch_related("items")


def plan_get(*, user, pk: int) -> InspectionPlan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise NotFound()
    return plan


def inspection_queryset(*, user) -> QuerySet[Inspection]:
    if not can(user, Cap.INSPECTION_VIEW):
        return Inspection.objects.none()
    return _vendor_scoped(scope_to_user(Inspection.objects.all(), user), user)


def inspection_list(
    *, user, status: str = "", contract: int | None = None, plan: int | None = None, year: int | None = None,
    due_before: date | None = None, mine: bool = False, open_only: bool = False,
) -> QuerySet[Inspection]:  # fmt: skip
    qs = inspection_queryset(user=user)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if contract:
        qs = qs.filter(contract_id=contract)
    if plan:
        qs = qs.filter(plan_id=plan)
    if year:
        qs = qs.filter(due_on__year=year)
    if due_before:
        qs = qs.filter(due_on__lte=due_before)
    if mine:
        qs = qs.filter(Q(assignee=user) | Q(assignee__isnull=True, plan__assignee=user))
    return qs.select_related("contract__vendor", "plan", "template", "assignee").order_by(
        "due_on", "id"
    )


def inspection_get(*, user, number: str) -> Inspection:
    inspection = (
        inspection_queryset(user=user)
        .select_related(
            "contract__vendor", "plan", "template", "assignee", "completed_by", "hospital"
        )
        .filter(number=number)
        .first()
    )
    if inspection is None:
        raise NotFound()
    return inspection


def inspection_results(*, inspection: Inspection):
    return list(inspection.results.select_related("item", "finding__ticket", "finding__problem"))


def inspection_findings(*, inspection: Inspection):
    return list(inspection.findings.select_related("ticket", "problem", "item", "result"))
