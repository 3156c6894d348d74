"""Sign-in through the hospital's directory (LDAP or Active Directory: 统一身份认证).

The directory checks the password; HISOPS keeps the role. A directory account is one the
security admin made with the source "hospital directory" (or, when
``HISOPS_LDAP_CREATE_USERS`` is set, one made at the first sign-in with the default role
in ``HISOPS_LDAP_HOSPITAL``). A local account of the same name is never signed into from
the directory: the directory cannot take over the installer's or anyone's local account.

Configured by environment variables (``config/settings.py`` turns them into
django-auth-ldap's settings); installed with the ``ldap`` extra.
"""

from django.conf import settings
from django.utils import timezone
from django_auth_ldap.backend import LDAPBackend

from hisops.accounts.choices import AccountSource
from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM
from hisops.core.models import Hospital


class DirectoryBackend(LDAPBackend):
    def get_or_build_user(self, username, ldap_user):
        user, built = super().get_or_build_user(username, ldap_user)
        if not built:
            if user.source != AccountSource.DIRECTORY or not user.is_active:
                raise ldap_user.AuthenticationFailed("not a directory account of HISOPS")
            return user, False
        hospital = Hospital.objects.filter(
            code=getattr(settings, "HISOPS_LDAP_HOSPITAL", "")
        ).first()
        if not getattr(settings, "HISOPS_LDAP_CREATE_USERS", False) or hospital is None:
            raise ldap_user.AuthenticationFailed("no HISOPS account for this directory user")
        user.hospital, user.role = hospital, settings.HISOPS_LDAP_DEFAULT_ROLE
        user.source, user.date_joined = AccountSource.DIRECTORY, timezone.now()
        user.hisops_built = True
        return user, True

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None and getattr(user, "hisops_built", False):
            audit_record(actor=SYSTEM, action="accounts.user.create", obj=user, hospital=user.hospital,
                         changes={"role": [None, user.role]}, message=f"directory: {ldap_user.dn}")  # fmt: skip
        return user
