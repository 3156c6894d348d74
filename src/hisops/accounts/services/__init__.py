"""Writes for people and departments."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.accounts.authentication import token_digest
from hisops.accounts.choices import AccountSource
from hisops.accounts.models import (
    ApiToken,
    Department,
    PasswordHistory,
    PasswordPolicy,
    Team,
    User,
    Vendor,
    VendorQualification,
)
from hisops.audit.services import audit_record, diff, record_create, snapshot
from hisops.core.capabilities import SYSTEM, VENDOR_ROLES, Cap, Role, require
from hisops.core.errors import (
    PermissionDenied,
    ValidationError,
    taken_in_hospital,
    validate,
)
from hisops.core.models import Hospital

USER_FIELDS = (
    "username",
    "full_name",
    "role",
    "hospital",
    "department",
    "vendor",
    "phone",
    "source",
)


@transaction.atomic
def department_create(
    *, actor, hospital, code: str, name: str, kind: str = "clinical"
) -> Department:
    require(actor, Cap.DEPARTMENT_MANAGE, hospital)
    return record_create(
        actor=actor, instance=Department(hospital=hospital, code=code, name=name, kind=kind),
        action="accounts.department.create", unique=("code", "name"), fields=("code", "name", "kind"),
    )  # fmt: skip


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    role: str,
    hospital,
    password: str | None = None,
    vendor=None,
    department=None,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    source: str = AccountSource.LOCAL,
) -> User:
    """Create a person. ``password=None`` leaves the account without a usable password; a
    directory account never has one here (the hospital's directory checks it)."""
    require(actor, Cap.USER_MANAGE, hospital)
    if source not in AccountSource.values:
        raise ValidationError(fields={"source": [_("Unknown account source.")]})
    if source == AccountSource.DIRECTORY and password:
        raise ValidationError(
            fields={"password": [_("A directory account's password is kept in the directory.")]}
        )
    if role not in Role.values:
        raise ValidationError(
            fields={"role": [_("Unknown role. Choose one of: %s.") % ", ".join(Role.values)]}
        )
    if role in VENDOR_ROLES and vendor is None:
        raise ValidationError(fields={"vendor": [_("Vendor staff must belong to a vendor.")]})
    if User.objects.filter(username=username).exists():
        raise ValidationError(fields={"username": [_("This username is already taken.")]})
    user = User(
        username=username,
        role=role,
        hospital=hospital,
        vendor=vendor if role in VENDOR_ROLES else None,
        department=department,
        full_name=full_name,
        phone=phone,
        email=email,
        source=source,
    )
    if password:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationError(fields={"password": exc.messages}) from exc
        user.set_password(password)
        user.password_changed_at = timezone.now()
        # A password another person chose is changed at the first sign-in (the installer's
        # and the demo's, set by the system, are not).
        user.must_change_password = getattr(actor, "pk", None) is not None
    else:
        user.set_unusable_password()
    validate(user, exclude=["password"], validate_unique=True)
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.create",
        hospital=hospital,
        obj=user,
        changes=diff({}, snapshot(user, USER_FIELDS)),
    )
    return user


@transaction.atomic
def platform_admin_create(*, username: str, password: str) -> User:
    """The first administrator, created at the server by ``hisops init``."""
    user = User(username=username, role=Role.IT_ADMIN, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationError(fields={"password": exc.messages}) from exc
    user.set_password(password)
    user.save()
    audit_record(actor=SYSTEM, action="accounts.user.create_platform_admin", obj=user)
    return user


@transaction.atomic
def token_create(*, actor, user: User) -> str:
    """Issue a new API token for ``user``, revoking the previous one."""
    if actor.pk != user.pk:
        require(actor, Cap.USER_MANAGE, user.hospital)
    if not user.is_active:
        raise PermissionDenied(_("This account is disabled."))
    key = secrets.token_hex(20)
    ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "digest": token_digest(key), "prefix": key[:8], "issued_under": user.get_session_auth_hash(),
            "expires_at": timezone.now() + timedelta(days=settings.HISOPS_TOKEN_DAYS), "last_used_at": None,
        },
    )  # fmt: skip
    audit_record(actor=actor, action="accounts.token.create", hospital=user.hospital, obj=user,
                 changes={"key begins": [None, key[:8]]})  # fmt: skip
    return key  # shown once; only its SHA-256 is kept


@transaction.atomic
def team_create(*, actor, hospital, name: str, vendor=None, members=()) -> Team:
    """A group tickets can be given to. A vendor's team holds that vendor's people only."""

    require(actor, Cap.DEPARTMENT_MANAGE, hospital)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("This field is required.")]
    else:
        errors.update(taken_in_hospital(Team, hospital, name=name))
    if vendor is not None and vendor.hospital_id != hospital.pk:
        errors["vendor"] = [_("It belongs to another hospital.")]
    strangers = [
        str(m)
        for m in members
        if m.hospital_id != hospital.pk or (vendor is not None and m.vendor_id != vendor.pk)
    ]
    if strangers:
        errors["members"] = [_("Not of this hospital or vendor: %s.") % ", ".join(strangers)]
    if errors:
        raise ValidationError(fields=errors)
    team = Team.objects.create(hospital=hospital, name=name, vendor=vendor)
    team.members.set(members)
    audit_record(
        actor=actor, action="accounts.team.create", obj=team,
        changes={"members": [m.pk for m in members]},
    )  # fmt: skip
    return team


@transaction.atomic
def hospital_create(
    *, actor, code: str, name: str, level: str = "", time_zone: str = "Asia/Shanghai"
) -> Hospital:
    """Add a tenant. Only platform administrators (or the server's operator) may."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied()
    hospital = Hospital(code=code, name=name, level=level, time_zone=time_zone)
    validate(hospital)
    if Hospital.objects.filter(code=code).exists():
        raise ValidationError(fields={"code": [_("A hospital with this code exists.")]})
    hospital.save()
    audit_record(
        actor=actor,
        action="core.hospital.create",
        hospital=hospital,
        obj=hospital,
        changes=diff({}, snapshot(hospital, ("code", "name", "level", "time_zone"))),
    )
    return hospital


VENDOR_FIELDS = ("code", "name", "kind", "contact_name", "contact_phone", "contact_email", "notes")


@transaction.atomic
def vendor_create(*, actor, hospital, code: str, name: str, **fields) -> Vendor:
    require(actor, Cap.VENDOR_MANAGE, hospital)
    return record_create(
        actor=actor, instance=Vendor(hospital=hospital, code=code, name=name, **fields),
        action="contracts.vendor.create", unique=("code", "name"), fields=VENDOR_FIELDS,
    )  # fmt: skip


QUALIFICATION_FIELDS = ("person_name", "certificate", "number", "expires_on")


@transaction.atomic
def vendor_qualification_add(
    *,
    actor,
    vendor: Vendor,
    person_name: str,
    certificate: str,
    number: str = "",
    expires_on: date | None = None,
) -> VendorQualification:
    """Record a certificate one of the vendor's people holds (数据库工程师, PMP …)."""
    require(actor, Cap.VENDOR_MANAGE, vendor.hospital)
    qualification = VendorQualification(
        hospital_id=vendor.hospital_id, vendor=vendor, person_name=person_name, certificate=certificate,
        number=number, expires_on=expires_on,
    )  # fmt: skip
    validate(qualification, exclude=["hospital", "vendor"])
    qualification.save()
    audit_record(
        actor=actor, action="contracts.vendor.qualification_add", obj=qualification, hospital=vendor.hospital,
        changes=diff({}, snapshot(qualification, QUALIFICATION_FIELDS)),
    )  # fmt: skip
    return qualification


def user_preference_set(*, actor: User, key: str, value) -> None:
    """Remember how a person likes a page (their own, and only theirs). A preference is
    not a business record: it is not audited."""
    if not getattr(actor, "pk", None) or actor.preferences.get(key) == value:
        return
    actor.preferences = {**actor.preferences, key: value}
    User.objects.filter(pk=actor.pk).update(preferences=actor.preferences)


@transaction.atomic
def password_change(
    *, actor, user: User, new_password: str, old_password: str | None = None
) -> User:
    """Set a new password. The person themselves gives the old one; the security admin (a
    reset) does not, and the person must then choose their own at the next sign-in. The
    policy is checked (length, kinds, not one of the last N); the old hash is remembered."""
    own = getattr(actor, "pk", None) == user.pk
    if user.source == AccountSource.DIRECTORY:
        raise ValidationError(
            _("This account signs in with the hospital directory; change the password there.")
        )
    if own:
        if old_password is None or not user.check_password(old_password):
            raise ValidationError(
                fields={"old_password": [_("The current password is not right.")]}
            )
    else:
        require(actor, Cap.USER_MANAGE, user.hospital)
    try:
        validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise ValidationError(fields={"new_password": exc.messages}) from exc
    if user.has_usable_password():
        PasswordHistory.objects.create(user=user, password=user.password)
    user.set_password(new_password)
    user.password_changed_at, user.must_change_password = timezone.now(), not own
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record(actor=actor, action="accounts.password.change" if own else "accounts.password.reset", obj=user,
                 hospital=user.hospital)  # fmt: skip
    return user


@transaction.atomic
def password_policy_set(
    *, actor, min_length: int, min_classes: int, history: int, max_age_days: int
) -> PasswordPolicy:
    """The security admin's password rules for the installation."""
    require(actor, Cap.USER_MANAGE)
    errors: dict[str, list[str]] = {}
    if not 8 <= min_length <= 64:
        errors["min_length"] = [_("Give 8 to 64.")]
    if not 1 <= min_classes <= 4:
        errors["min_classes"] = [_("Give 1 to 4.")]
    if not 0 <= history <= 24:
        errors["history"] = [_("Give 0 to 24.")]
    if not 0 <= max_age_days <= 365:
        errors["max_age_days"] = [_("Give 0 (never) to 365.")]
    if errors:
        raise ValidationError(fields=errors)
    policy = PasswordPolicy.current()
    before = {
        f: getattr(policy, f) for f in ("min_length", "min_classes", "history", "max_age_days")
    }
    policy.min_length, policy.min_classes, policy.history, policy.max_age_days = (
        min_length,
        min_classes,
        history,
        max_age_days,
    )
    policy.save()
    audit_record(actor=actor, action="accounts.password_policy.set", object_type="accounts.passwordpolicy",
                 object_id=policy.pk, changes=diff(before, {"min_length": min_length, "min_classes": min_classes,
                                                            "history": history, "max_age_days": max_age_days}))  # fmt: skip
    return policy


from .access import (  # noqa: E402, F401 - the security admin's room of the same services
    EDITABLE,
    access_review_complete,
    access_review_decide,
    access_review_start,
    account_open,
    dormant_accounts,
    dormant_accounts_disable,
    idle_days,
    password_reset,
    user_disable,
    user_enable,
    user_update,
)
