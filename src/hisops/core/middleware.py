import time

from django.conf import settings
from django.contrib.auth import logout
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
    session["hisops_login_at"] = session["hisops_seen_at"] = int(time.time())


class SessionLimitsMiddleware:
    """A session ends when idle for ``HISOPS_SESSION_IDLE_SECONDS`` or older than
    ``HISOPS_SESSION_ABSOLUTE_SECONDS`` since its login; then the person signs in again.
    The last-seen time is written at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # no inline scripts or handlers: behaviours are in app.js
    "style-src 'self' 'unsafe-inline'",  # style attributes in the templates
    "img-src 'self' data: blob:",  # the signature canvas, QR codes
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])  # fmt: skip


class ContentSecurityPolicyMiddleware:
    """Every asset is served by the app itself (hospital intranets have no CDN), so pages
    allow nothing from elsewhere. The API's Swagger page, which initialises itself with an
    inline script, is left out."""

    EXEMPT = ("/api/docs/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.EXEMPT):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
