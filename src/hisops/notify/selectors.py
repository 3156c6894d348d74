from hisops.notify.models import Notification


def notification_list(*, user, unread_only: bool = False):
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user) -> int:
    return notification_list(user=user, unread_only=True).count()


def channel_list(*, user):
    from hisops.core.capabilities import Cap, can
    from hisops.core.scoping import scope_to_user
    from hisops.notify.models import Channel

    if not can(user, Cap.CHANNEL_MANAGE):
        return Channel.objects.none()
    return scope_to_user(Channel.objects.all(), user).order_by("name")


def delivery_list(*, user):
    """The delivery log, for those who manage channels."""
    from hisops.core.capabilities import Cap, can
    from hisops.core.scoping import scope_to_user
    from hisops.notify.models import Delivery

    if not can(user, Cap.CHANNEL_MANAGE):
        return Delivery.objects.none()
    return (
        scope_to_user(Delivery.objects.all(), user)
        .select_related("channel")
        .order_by("-created_at", "-id")
    )
