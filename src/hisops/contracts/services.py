"""Writes for vendors (contracts, SLA policies and quotas arrive with the contracts issue)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hisops.accounts.permissions import Cap, require
from hisops.audit.services import audit_record, diff, snapshot
from hisops.core.errors import ValidationError, from_django

from .models import Vendor

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
