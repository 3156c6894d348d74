"""Writes for people and departments."""

import secrets
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from hisops.accounts.models import Department, Team, User, Vendor, VendorQualification
from hisops.audit.services import audit_record, diff, snapshot
from hisops.core.capabilities import SYSTEM, VENDOR_ROLES, Cap, Role, require
from hisops.core.errors import PermissionDenied, ValidationError, from_django, validate
from hisops.core.models import Hospital

USER_FIELDS = ("username", "full_name", "role", "hospital", "department", "vendor", "phone")


@transaction.atomic
def department_create(
    *, actor, hospital, code: str, name: str, kind: str = "clinical"
) -> Department:
    require(actor, Cap.DEPARTMENT_MANAGE, hospital)
    department = Department(hospital=hospital, code=code, name=name, kind=kind)
    try:
        department.full_clean(exclude=["hospital"], validate_unique=False)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
    taken = Department.objects.filter(hospital=hospital)
    if taken.filter(code=code).exists():
        raise ValidationError(fields={"code": [_("This code is already used in this hospital.")]})
    if taken.filter(name=name).exists():
        raise ValidationError(fields={"name": [_("This name is already used in this hospital.")]})
    department.save()
    audit_record(
        actor=actor,
        action="accounts.department.create",
        obj=department,
        changes=diff({}, snapshot(department, ("code", "name", "kind"))),
    )
    return department


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
) -> User:
    """Create a person. ``password=None`` leaves the account without a usable password."""
    require(actor, Cap.USER_MANAGE, hospital)
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
    )
    if password:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationError(fields={"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
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
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user, key=secrets.token_hex(20))
    audit_record(actor=actor, action="accounts.token.create", hospital=user.hospital, obj=user)
    return token.key


@transaction.atomic
def team_create(*, actor, hospital, name: str, vendor=None, members=()) -> Team:
    """A group tickets can be given to. A vendor's team holds that vendor's people only."""

    require(actor, Cap.DEPARTMENT_MANAGE, hospital)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("This field is required.")]
    elif Team.objects.filter(hospital=hospital, name=name).exists():
        errors["name"] = [_("This name is already used in this hospital.")]
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
    try:
        hospital.full_clean(validate_unique=False)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
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
    vendor = Vendor(hospital=hospital, code=code, name=name, **fields)
    try:
        vendor.full_clean(exclude=["hospital"], validate_unique=False)
    except DjangoValidationError as exc:
        raise from_django(exc) from exc
    taken = Vendor.objects.filter(hospital=hospital)
    if taken.filter(code=code).exists():
        raise ValidationError(fields={"code": [_("This code is already used in this hospital.")]})
    if taken.filter(name=name).exists():
        raise ValidationError(fields={"name": [_("This name is already used in this hospital.")]})
    vendor.save()
    audit_record(
        actor=actor,
        action="contracts.vendor.create",
        obj=vendor,
        changes=diff({}, snapshot(vendor, VENDOR_FIELDS)),
    )
    return vendor


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
