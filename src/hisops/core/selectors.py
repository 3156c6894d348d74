from django.utils.translation import gettext as _

from .errors import ValidationError
from .models import Hospital
from .scoping import visible_hospitals


def hospital_list(*, user):
    return visible_hospitals(user).filter(is_active=True)


def hospital_for_write(*, user, code: str | None = None) -> Hospital:
    """The hospital a write goes to: the user's own, or for platform admins the one named."""
    hospitals = visible_hospitals(user)
    if code:
        hospital = hospitals.filter(code=code).first()
        if hospital is None:
            raise ValidationError(fields={"hospital": [_("Unknown hospital “%s”.") % code]})
        return hospital
    if user.hospital_id:
        return user.hospital
    only = list(hospitals[:2])
    if len(only) == 1:
        return only[0]
    raise ValidationError(fields={"hospital": [_("Name the hospital (its code).")]})
