from .models import Notification


def notification_list(*, user, unread_only: bool = False):
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user) -> int:
    return notification_list(user=user, unread_only=True).count()
