"""Sign-ins in the audit log (等保 安全审计): every login, logout, failed attempt and
lockout, with who, when and from where. A failure names the account tried, never the
password."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hisops.accounts.middleware import MUST_CHANGE
from hisops.accounts.passwords import password_expired
from hisops.accounts.twofactor import SESSION_NEEDS, needs_second_factor
from hisops.audit.services import audit_record
from hisops.core.middleware import session_started


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request.session)  # the idle and absolute limits count from here
        request.session[MUST_CHANGE] = password_expired(user)
        needs = needs_second_factor(user)
        if needs:
            request.session[SESSION_NEEDS] = needs
    directory = getattr(user, "backend", "").endswith(".DirectoryBackend")
    audit_record(actor=user, action="accounts.auth.directory_login" if directory else "accounts.auth.login",
                 obj=user, hospital=user.hospital)  # fmt: skip


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="accounts.auth.logout", obj=user, hospital=user.hospital)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    tried = str((credentials or {}).get("username", ""))[:150]
    audit_record(actor=None, action="accounts.auth.login_failed", object_type="accounts.user",
                 object_repr=tried, success=False, hospital=_hospital_of(tried))  # fmt: skip


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_record(actor=None, action="accounts.auth.locked_out", object_type="accounts.user",
                 object_repr=str(username or "")[:150], success=False, hospital=_hospital_of(username),
                 message=str(ip_address or ""))  # fmt: skip


def _hospital_of(username) -> int | None:
    from hisops.accounts.models import User

    return User.objects.filter(username=username).values_list("hospital_id", flat=True).first()
