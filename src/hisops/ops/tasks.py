"""The operator's periodic checks."""

from celery import shared_task


@shared_task(name="hisops.ops.tasks.audit_chain_check")
def audit_chain_check() -> bool:
    """Seal what is left unsealed, recompute the audit chains, and tell the audit admins
    of each hospital (once a day per finding) if one is broken."""
    from django.utils import timezone

    from hisops.accounts.selectors import users_with_role
    from hisops.audit.chain import chain_verify, chains_seal
    from hisops.core.capabilities import Role
    from hisops.core.i18n import system_language
    from hisops.core.models import Hospital
    from hisops.notify.services import notification_send

    chains_seal()
    verdict = chain_verify()
    if verdict.ok:
        return True
    from django.utils.translation import gettext as _

    row = verdict.broken
    for hospital in Hospital.objects.all():
        with system_language():
            title = _("The audit log's hash chain is broken: %(reason)s") % {
                "reason": verdict.reason
            }
        notification_send(
            hospital=hospital, recipients=users_with_role(hospital=hospital, roles=[Role.AUDIT_ADMIN]),
            kind="audit_chain_broken", key=f"audit-chain:{timezone.localdate()}:{row.pk if row else 0}",
            title=title, url="/audit/",
        )  # fmt: skip
    return False
