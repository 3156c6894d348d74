"""What a user may see. Every selector starts here."""

from django.db.models import QuerySet

from .models import Hospital


def visible_hospitals(user) -> QuerySet[Hospital]:
    """Platform administrators (superusers) see every hospital; everyone else their own."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Hospital.objects.none()
    if user.is_superuser:
        return Hospital.objects.all()
    if user.hospital_id is None:
        return Hospital.objects.none()
    return Hospital.objects.filter(pk=user.hospital_id)


def scope_to_user(queryset: QuerySet, user) -> QuerySet:
    """Restrict a queryset of tenant records to the hospitals the user may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.hospital_id is None:
        return queryset.none()
    return queryset.filter(hospital_id=user.hospital_id)
