from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hisops.audit.services import audit_record, diff, snapshot

from .errors import PermissionDenied, ValidationError, from_django
from .models import Hospital


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
