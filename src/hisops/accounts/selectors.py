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
