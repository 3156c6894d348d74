"""Roles and capabilities: who may do what. Services call :func:`require`; templates ask :func:`can` for display only.

A role grants capabilities; a capability applies only inside the user's own hospital.
Vendor staff are further limited to their own vendor's records by the selectors.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.errors import PermissionDenied


class Role(models.TextChoices):
    IT_ADMIN = "it_admin", _("IT administrator")
    IT_ENGINEER = "it_engineer", _("IT engineer")
    VENDOR_MANAGER = "vendor_manager", _("Vendor project manager")
    VENDOR_ENGINEER = "vendor_engineer", _("Vendor engineer")
    CLINICIAN = "clinician", _("Clinician")
    LEADER = "leader", _("Hospital leader")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


VENDOR_ROLES = frozenset({Role.VENDOR_MANAGER, Role.VENDOR_ENGINEER})


class Cap:
    CATALOG_VIEW = "catalog.view"
    CATALOG_CHANGE = "catalog.change"
    CATALOG_DELETE = "catalog.delete"
    CATALOG_IMPORT = "catalog.import"
    VENDOR_MANAGE = "vendor.manage"
    DEPARTMENT_MANAGE = "department.manage"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    CALENDAR_MANAGE = "calendar.manage"
    CONTRACT_VIEW = "contract.view"
    CONTRACT_MANAGE = "contract.manage"
    TICKET_VIEW = "ticket.view"
    TICKET_CREATE = "ticket.create"
    TICKET_WORK = "ticket.work"  # accept, pause, dispatch, arrive, solve, resolve
    TICKET_CONFIRM = "ticket.confirm"  # confirm or reopen a resolution
    TICKET_MANAGE = "ticket.manage"  # close, cancel, change level, back-date, assign
    PROBLEM_VIEW = "problem.view"
    PROBLEM_MANAGE = "problem.manage"  # record, update, link incidents, close with conclusion
    CHANNEL_MANAGE = "channel.manage"  # notification channels: robots, webhooks, mailboxes
    ONCALL_MANAGE = "oncall.manage"  # rosters, swaps, escalation chains
    # Patient identifiers (names, 身份证号, phone numbers, 住院号) in ticket text, whole: the
    # hospital's IT staff and the clinicians who report; vendors and leaders see them masked.
    PATIENT_DATA_VIEW = "patient_data.view"
    CHANGE_VIEW = "change.view"
    CHANGE_SUBMIT = "change.submit"  # write, test, submit, start, cancel a change (vendors too)
    CHANGE_SIGN = (
        "change.sign"  # sign the test report, schedule, release, roll back: the hospital's IT
    )
    CHANGE_APPROVE = "change.approve"  # approve or reject; freeze windows; override a conflict
    ARTICLE_WRITE = "article.write"  # write, edit and publish knowledge articles: the hospital's IT
    DOCUMENT_UPLOAD = "document.upload"  # file documents in the archive (vendors: their contracts')
    DOCUMENT_VIEW = "document.view"
    INSPECTION_VIEW = "inspection.view"
    INSPECTION_WORK = (
        "inspection.work"  # start an inspection, record its lines and findings, complete it
    )
    INSPECTION_SIGN = "inspection.sign"  # the hospital's signature on a completed inspection: IT, never the vendor
    INSPECTION_MANAGE = "inspection.manage"  # checklist templates, plans and their year, cancelling
    CHECK_VIEW = "check.view"  # automated checks and their results
    CHECK_MANAGE = "check.manage"  # data sources and checks, a run by hand: the hospital's IT
    KPI_VIEW = "kpi.view"  # figures, dashboards and reports (vendors: their contracts')
    REPORT_GENERATE = "report.generate"  # generate a periodic report (vendors: their contracts')
    EVALUATION_MANAGE = "evaluation.manage"  # evaluation templates, rounds, the renewal threshold
    EVALUATION_SCORE = (
        "evaluation.score"  # score a vendor or a colleague in a round one is named in
    )
    SCORECARD_SIGN = "scorecard.sign"  # sign the annual acceptance scorecard for one's side


_EVERYONE = {Cap.CATALOG_VIEW}
_STAFF = {
    Cap.PATIENT_DATA_VIEW,
    Cap.TICKET_VIEW,
    Cap.TICKET_CREATE,
    Cap.TICKET_WORK,
    Cap.TICKET_CONFIRM,
    Cap.TICKET_MANAGE,
    Cap.PROBLEM_VIEW,
    Cap.PROBLEM_MANAGE,
    Cap.CHANGE_VIEW,
    Cap.CHANGE_SUBMIT,
    Cap.CHANGE_SIGN,
    Cap.ARTICLE_WRITE,
    Cap.DOCUMENT_UPLOAD,
    Cap.DOCUMENT_VIEW,
    Cap.INSPECTION_VIEW,
    Cap.INSPECTION_WORK,
    Cap.INSPECTION_SIGN,
    Cap.INSPECTION_MANAGE,
    Cap.CHECK_VIEW,
    Cap.CHECK_MANAGE,
    Cap.KPI_VIEW,
    Cap.REPORT_GENERATE,
    Cap.EVALUATION_SCORE,
}
# Vendors keep their own problem list (问题清单 / BUG) for the hospital to follow.
_VENDOR = {
    Cap.CONTRACT_VIEW,
    Cap.TICKET_VIEW,
    Cap.TICKET_CREATE,
    Cap.TICKET_WORK,
    Cap.PROBLEM_VIEW,
    Cap.PROBLEM_MANAGE,
    Cap.CHANGE_VIEW,
    Cap.CHANGE_SUBMIT,
    Cap.DOCUMENT_UPLOAD,
    Cap.DOCUMENT_VIEW,
    Cap.INSPECTION_VIEW,
    Cap.INSPECTION_WORK,
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.IT_ADMIN: frozenset(
        _EVERYONE
        | {
            Cap.CATALOG_CHANGE,
            Cap.CATALOG_DELETE,
            Cap.CATALOG_IMPORT,
            Cap.VENDOR_MANAGE,
            Cap.DEPARTMENT_MANAGE,
            Cap.CALENDAR_MANAGE,
            Cap.CONTRACT_VIEW,
            Cap.CONTRACT_MANAGE,
            Cap.CHANNEL_MANAGE,
            Cap.ONCALL_MANAGE,
            Cap.CHANGE_APPROVE,
            Cap.EVALUATION_MANAGE,
            Cap.SCORECARD_SIGN,
            *_STAFF,
        }
    ),
    Role.IT_ENGINEER: frozenset(
        _EVERYONE | _STAFF | {Cap.CATALOG_CHANGE, Cap.CATALOG_IMPORT, Cap.CONTRACT_VIEW}
    ),
    # The vendor's project manager writes the periodic reports and signs the scorecard for
    # the vendor; neither sees another vendor's figures (the selectors' rule).
    Role.VENDOR_MANAGER: frozenset(
        _EVERYONE | _VENDOR | {Cap.KPI_VIEW, Cap.REPORT_GENERATE, Cap.SCORECARD_SIGN}
    ),
    Role.VENDOR_ENGINEER: frozenset(_EVERYONE | _VENDOR),
    # Clinicians see the tickets they or their department reported (the selector's rule).
    Role.CLINICIAN: frozenset(
        _EVERYONE | {Cap.TICKET_VIEW, Cap.TICKET_CREATE, Cap.TICKET_CONFIRM, Cap.PATIENT_DATA_VIEW}
    ),
    Role.LEADER: frozenset(
        _EVERYONE
        | {
            Cap.CONTRACT_VIEW,
            Cap.TICKET_VIEW,
            Cap.PROBLEM_VIEW,
            Cap.CHANGE_VIEW,
            Cap.DOCUMENT_VIEW,
            Cap.INSPECTION_VIEW,
            Cap.CHECK_VIEW,
            Cap.KPI_VIEW,
            Cap.EVALUATION_SCORE,
        }
    ),
    # 三权分立: the security admin manages accounts, the audit admin reads the audit log;
    # neither changes business data.
    Role.SECURITY_ADMIN: frozenset(_EVERYONE | {Cap.USER_MANAGE, Cap.AUDIT_VIEW}),
    Role.AUDIT_ADMIN: frozenset(_EVERYONE | {Cap.AUDIT_VIEW}),
}


class SystemActor:
    """The operator at the server's command line (``hisops import``, ``hisops user create``).

    Whoever can run commands on the server can already do anything; this actor makes that
    explicit in permission checks and audit entries instead of passing ``None`` around.
    """

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_vendor = False
    pk = None
    hospital_id = None
    hospital = None
    role = "system"

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def can(user, capability: str, hospital=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if hospital is not None and getattr(hospital, "pk", hospital) != user.hospital_id:
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def require(user, capability: str, hospital=None) -> None:
    if not can(user, capability, hospital):
        raise PermissionDenied()
