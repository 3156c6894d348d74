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


@shared_task(name="hisops.ops.tasks.dormant_accounts")
def dormant_accounts() -> int:
    """Tell each hospital's security admins of accounts unused for ``HISOPS_DORMANT_DAYS``
    (once a day), and disable them when ``HISOPS_DORMANT_DISABLE`` is set. Returns how many."""
    from django.conf import settings
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from hisops.accounts import services
    from hisops.accounts.selectors import users_with_role
    from hisops.core.capabilities import Role
    from hisops.core.i18n import system_language
    from hisops.core.models import Hospital
    from hisops.notify.services import notification_send

    total = 0
    for hospital in Hospital.objects.all():
        disable = settings.HISOPS_DORMANT_DISABLE
        found = (services.dormant_accounts_disable if disable else services.dormant_accounts)(
            hospital=hospital
        )
        if not found:
            continue
        total += len(found)
        with system_language():
            title = (_("%(n)d accounts unused for %(d)d days were disabled: %(who)s") if disable
                     else _("%(n)d accounts unused for %(d)d days: %(who)s")) % {
                "n": len(found), "d": settings.HISOPS_DORMANT_DAYS, "who": ", ".join(u.username for u in found[:10]),
            }  # fmt: skip
        notification_send(
            hospital=hospital, recipients=users_with_role(hospital=hospital, roles=[Role.SECURITY_ADMIN]),
            kind="dormant_accounts", key=f"dormant:{timezone.localdate()}", title=title,
            url="/security/users/?active=1",
        )  # fmt: skip
    return total
