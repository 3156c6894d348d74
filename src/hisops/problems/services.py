"""Every write to the problem list. Nothing is silently lost: there is no delete, and a
problem closes only with a conclusion."""

from datetime import date
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record
from hisops.core.capabilities import Cap, require
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.core.numbering import sequence_next

from .choices import ProblemStatus
from .models import Problem, ProblemIncident

EDITABLE = (
    "title",
    "description",
    "item",
    "vendor",
    "root_cause",
    "workaround",
    "fix_due",
    "conclusion",
)


def _check_scope(actor, *, hospital, item=None, vendor=None) -> None:
    errors: dict[str, list[str]] = {}
    if item is not None and item.hospital_id != hospital.pk:
        errors["item"] = [_("It belongs to another hospital.")]
    if vendor is not None and vendor.hospital_id != hospital.pk:
        errors["vendor"] = [_("It belongs to another hospital.")]
    if errors:
        raise ValidationError(fields=errors)
    if getattr(actor, "is_vendor", False) and (vendor is None or vendor.pk != actor.vendor_id):
        raise PermissionDenied(_("A vendor keeps its own problems only."))


@transaction.atomic
def problem_create(
    *, actor, hospital, title: str, description: str = "", item=None, vendor=None,
    root_cause: str = "", workaround: str = "",
) -> Problem:  # fmt: skip
    require(actor, Cap.PROBLEM_MANAGE, hospital)
    if getattr(actor, "is_vendor", False) and vendor is None:
        vendor = actor.vendor
    if vendor is None and item is not None:
        vendor = item.vendor
    if not title.strip():
        raise ValidationError(fields={"title": [_("This field is required.")]})
    _check_scope(actor, hospital=hospital, item=item, vendor=vendor)
    problem = Problem.objects.create(
        hospital=hospital,
        number=sequence_next(hospital=hospital, prefix="PRB", year=timezone.localdate().year, width=4),
        title=title.strip(), description=description, item=item, vendor=vendor,
        root_cause=root_cause, workaround=workaround,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit_record(actor=actor, action="problems.problem.create", obj=problem)
    return problem


@transaction.atomic
def problem_update(*, actor, problem: Problem, status: str | None = None, **fields) -> Problem:
    """Change the record and/or move it to another status. Closing needs a conclusion;
    reopening a closed problem clears its close time (and both are audited)."""
    require(actor, Cap.PROBLEM_MANAGE, problem.hospital)
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            fields={name: [_("This field cannot be changed.")] for name in unknown}
        )
    if status is not None and status not in ProblemStatus.values:
        raise ValidationError(
            fields={"status": [_("Choose one of: %s.") % ", ".join(ProblemStatus.values)]}
        )
    if "title" in fields and not str(fields["title"] or "").strip():
        raise ValidationError(fields={"title": [_("This field is required.")]})
    _check_scope(
        actor,
        hospital=problem.hospital,
        item=fields.get("item", problem.item),
        vendor=fields.get("vendor", problem.vendor),
    )
    changes = {}
    for name, value in fields.items():
        before = getattr(problem, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(problem, name, value)
    if status is not None and status != problem.status:
        if status == ProblemStatus.CLOSED:
            if not problem.conclusion.strip():
                raise ValidationError(
                    fields={"conclusion": [_("A problem closes only with a conclusion.")]}
                )
            problem.closed_at = timezone.now()
        elif problem.status == ProblemStatus.CLOSED:
            problem.closed_at = None
        changes["status"] = [problem.status, status]
        problem.status = status
    if status == ProblemStatus.FIX_SCHEDULED and problem.fix_due is None:
        raise ValidationError(fields={"fix_due": [_("Say when the fix is scheduled.")]})
    if not changes:
        return problem
    problem.save(
        update_fields=[*(n for n in changes if n != "status"), "status", "closed_at", "updated_at"]
    )
    audit_record(actor=actor, action="problems.problem.update", obj=problem, changes=changes)
    return problem


def _plain(value):
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", str(value))


@transaction.atomic
def problem_link(*, actor, problem: Problem, ticket) -> ProblemIncident:
    """Link an incident to the problem behind it. An incident already under another
    problem is refused (unlink it first), so no link is replaced unnoticed."""
    require(actor, Cap.PROBLEM_MANAGE, problem.hospital)
    if ticket.hospital_id != problem.hospital_id:
        raise ValidationError(fields={"ticket": [_("It belongs to another hospital.")]})
    if getattr(actor, "is_vendor", False) and problem.vendor_id != actor.vendor_id:
        raise PermissionDenied()
    existing = ProblemIncident.objects.filter(ticket=ticket).select_related("problem").first()
    if existing is not None:
        if existing.problem_id == problem.pk:
            return existing
        raise Conflict(
            _("%(ticket)s is already linked to %(problem)s.")
            % {"ticket": ticket.number, "problem": existing.problem.number}
        )
    link = ProblemIncident.objects.create(
        hospital_id=problem.hospital_id, problem=problem, ticket=ticket,
        linked_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit_record(
        actor=actor, action="problems.problem.link", obj=problem, changes={"ticket": ticket.number}
    )
    return link


@transaction.atomic
def problem_unlink(*, actor, problem: Problem, ticket) -> None:
    require(actor, Cap.PROBLEM_MANAGE, problem.hospital)
    if getattr(actor, "is_vendor", False) and problem.vendor_id != actor.vendor_id:
        raise PermissionDenied()
    deleted, _rows = ProblemIncident.objects.filter(problem=problem, ticket=ticket).delete()
    if deleted:
        audit_record(
            actor=actor, action="problems.problem.unlink", obj=problem, changes={"ticket": ticket.number}
        )  # fmt: skip


EXPORT_COLUMNS = (
    ("number", "编号"), ("title", "问题"), ("status", "状态"), ("item", "系统"), ("vendor", "厂商"),
    ("root_cause", "根本原因"), ("workaround", "临时解决方案"), ("fix_due", "计划修复日期"),
    ("conclusion", "结论"), ("incidents", "关联故障数"), ("created_at", "登记时间"),
    ("closed_at", "关闭时间"),
)  # fmt: skip


def problems_export(*, problems) -> bytes:
    """The list as .xlsx for the quarterly report (columns in Chinese, as hospitals file it).
    ``problems`` comes from :func:`selectors.problem_list` (annotated with incident counts)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "问题清单"
    sheet.append([title for _key, title in EXPORT_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in problems.iterator(chunk_size=1000):
        sheet.append(
            [
                p.number, p.title, str(ProblemStatus(p.status).label), p.item.name if p.item else "",
                p.vendor.name if p.vendor else "", p.root_cause, p.workaround, p.fix_due,
                p.conclusion, p.incident_count,
                timezone.localtime(p.created_at).replace(tzinfo=None),
                timezone.localtime(p.closed_at).replace(tzinfo=None) if p.closed_at else None,
            ]
        )  # fmt: skip
    for letter, width in zip(
        "ABCDEFGHIJKL", (16, 40, 10, 20, 20, 40, 40, 14, 40, 10, 18, 18), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
