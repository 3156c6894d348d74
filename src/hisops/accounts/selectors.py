from django.db.models import QuerySet

from .models import User


def users_with_role(*, hospital, roles, vendor=None) -> QuerySet[User]:
    qs = User.objects.filter(hospital=hospital, role__in=list(roles), is_active=True)
    if vendor is not None:
        qs = qs.filter(vendor=vendor)
    return qs.order_by("username")
