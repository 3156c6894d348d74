"""Reading the audit log, under separation of duties (三权分立).

The audit admin reviews everyone's actions except those of audit admins; the security
admin reviews the audit admins. Nobody reviews their own actions.
"""

from django.db.models import QuerySet

from hisops.core.capabilities import Cap, Role, can
from hisops.core.scoping import scope_to_user

from .models import AuditEvent


def audit_event_list(*, user, action: str = "", object_type: str = "") -> QuerySet[AuditEvent]:
    if not can(user, Cap.AUDIT_VIEW):
        return AuditEvent.objects.none()
    qs = scope_to_user(AuditEvent.objects.all(), user)
    if not user.is_superuser:
        qs = qs.exclude(actor=user)
        if user.role == Role.AUDIT_ADMIN:
            qs = qs.exclude(actor_role=Role.AUDIT_ADMIN)
        elif user.role == Role.SECURITY_ADMIN:
            qs = qs.filter(actor_role=Role.AUDIT_ADMIN)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs.select_related("hospital")
