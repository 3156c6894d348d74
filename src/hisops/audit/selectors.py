"""Reading the audit log, under separation of duties (三权分立).

The audit admin reviews everyone's actions except those of audit admins, including the
platform's own events (installation, backups, restores, the platform administrator's
actions); the security admin reviews the audit admins. Nobody reviews their own actions,
the platform administrator included.
"""

from django.db.models import Q, QuerySet

from hisops.core.capabilities import Cap, Role, can

from .models import AuditEvent


def audit_event_list(
    *, user, action: str = "", object_type: str = "", actor: str = "", object_text: str = "",
    since=None, until=None, success: bool | None = None,
) -> QuerySet[AuditEvent]:  # fmt: skip
    """The events this user may review, newest first, filtered by person (username),
    action (a code or its prefix), object (type, and words of its name), days and result."""
    if not can(user, Cap.AUDIT_VIEW):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if not user.is_superuser:  # their hospital's events, and the platform's
        qs = qs.filter(Q(hospital_id=user.hospital_id) | Q(hospital__isnull=True))
        if user.role == Role.AUDIT_ADMIN:
            qs = qs.exclude(actor_role=Role.AUDIT_ADMIN)
        elif user.role == Role.SECURITY_ADMIN:
            qs = qs.filter(actor_role=Role.AUDIT_ADMIN)
    qs = qs.exclude(actor_id=user.pk)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor:
        qs = qs.filter(actor_username=actor)
    if object_text:
        qs = qs.filter(object_repr__icontains=object_text)
    if since is not None:
        qs = qs.filter(occurred_at__date__gte=since)
    if until is not None:
        qs = qs.filter(occurred_at__date__lte=until)
    if success is not None:
        qs = qs.filter(success=success)
    return qs.select_related("hospital", "actor").order_by("-occurred_at", "-id")
