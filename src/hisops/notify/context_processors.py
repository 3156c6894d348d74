from hisops.notify.selectors import unread_count


def notifications(request):
    """The bell's count, on every page (one indexed count query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
