from django.db.models import QuerySet

from hisops.accounts.models import User, Vendor
from hisops.core.scoping import scope_to_user


def users_with_role(*, hospital, roles, vendor=None) -> QuerySet[User]:
    qs = User.objects.filter(hospital=hospital, role__in=list(roles), is_active=True)
    if vendor is not None:
        qs = qs.filter(vendor=vendor)
    return qs.order_by("username")


def teams_for(*, hospital, vendor_id: int | None = None):
    """Teams a ticket of this hospital may go to: the hospital's own, and the covering
    vendor's (``vendor_id``)."""
    from django.db.models import Q

    from hisops.accounts.models import Team

    mine = Q(vendor__isnull=True)
    if vendor_id:
        mine |= Q(vendor_id=vendor_id)
    return Team.objects.filter(mine, hospital=hospital, is_active=True).order_by("name")


def team_list(*, user):
    """The teams a user may see: the hospital's, and for vendor staff only the hospital's
    own teams and their vendor's (never another vendor's people)."""
    from django.db.models import Q

    from hisops.accounts.models import Team
    from hisops.core.scoping import scope_to_user

    teams = scope_to_user(Team.objects.filter(is_active=True), user)
    if getattr(user, "is_vendor", False):
        teams = teams.filter(Q(vendor__isnull=True) | Q(vendor_id=user.vendor_id))
    return teams.order_by("name")


def vendor_list(*, user) -> QuerySet[Vendor]:
    qs = scope_to_user(Vendor.objects.all(), user)
    if getattr(user, "is_vendor", False):
        qs = qs.filter(pk=user.vendor_id)
    return qs.order_by("hospital_id", "code")


def user_list(*, user, q: str = "", role: str = "", active: bool | None = None) -> QuerySet[User]:
    """The accounts the security admin manages: their hospital's (all, for the platform
    administrator)."""
    from django.db.models import Q

    from hisops.core.capabilities import Cap, require

    require(user, Cap.USER_MANAGE)
    qs = scope_to_user(User.objects.select_related("hospital", "department", "vendor"), user)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("hospital_id", "username")


def user_get(*, user, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(user_list(user=user), pk=pk)


def access_review_list(*, user):
    from hisops.accounts.models import AccessReview
    from hisops.core.capabilities import Cap, require

    require(user, Cap.USER_MANAGE)
    return scope_to_user(AccessReview.objects.select_related("started_by", "completed_by"), user)


def access_review_get(*, user, pk: int):
    from django.db.models import Count, Q
    from django.shortcuts import get_object_or_404

    from hisops.accounts.choices import ReviewDecision

    return get_object_or_404(
        access_review_list(user=user).annotate(
            pending=Count("entries", filter=Q(entries__decision=ReviewDecision.PENDING))
        ),
        pk=pk,
    )
