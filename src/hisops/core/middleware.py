from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from .errors import NotFound, PermissionDenied


class DomainErrorMiddleware:
    """In pages, a service's PermissionDenied is a 403 and NotFound a 404, never a 500.
    (The API maps every domain error itself, in :mod:`hisops.core.api`.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            raise DjangoPermissionDenied(exception.message) from exception
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        return None


def session_started(session) -> None:
    """Mark a session's login (called at sign-in, so the first page writes nothing)."""
    import time

    session["hisops_login_at"] = session["hisops_seen_at"] = int(time.time())


class SessionLimitsMiddleware:
    """A session ends when idle for ``HISOPS_SESSION_IDLE_SECONDS`` or older than
    ``HISOPS_SESSION_ABSOLUTE_SECONDS`` since its login; then the person signs in again.
    The last-seen time is written at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now, session = int(time.time()), request.session
            started = session.setdefault("hisops_login_at", now)
            seen = session.get("hisops_seen_at", started)
            if (
                now - started > settings.HISOPS_SESSION_ABSOLUTE_SECONDS
                or now - seen > settings.HISOPS_SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - seen >= 60:
                session["hisops_seen_at"] = now
        return self.get_response(request)
