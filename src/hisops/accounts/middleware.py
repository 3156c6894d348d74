"""Sign-in rules enforced on every page."""

MUST_CHANGE = "hisops_must_change_password"  # set at sign-in when the password must change


class PasswordExpiryMiddleware:
    """A person whose password was set by someone else, or is older than the policy allows,
    chooses a new one before any other page (the API, static files and signing out pass).
    Judged once, at sign-in (``accounts.subscriptions``), and kept in the session: pages
    pay no query for it."""

    PASS = ("/password/", "/logout/", "/static/", "/api/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect

        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(MUST_CHANGE)
            and not request.path.startswith(self.PASS)
        ):
            return redirect("password_change")
        return self.get_response(request)


class TwoFactorMiddleware:
    """A person asked for a second factor at sign-in goes to /2fa/ (or, whose role requires
    one not yet set up, to /2fa/setup/) before any other page. Judged at sign-in and kept
    in the session (``accounts.twofactor.SESSION_NEEDS``)."""

    PASS = ("/2fa/", "/logout/", "/static/", "/api/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect

        from .twofactor import SESSION_NEEDS

        session = getattr(request, "session", None)
        needs = session.get(SESSION_NEEDS) if session is not None else None
        if needs and not request.path.startswith(self.PASS):
            return redirect("second_factor_setup" if needs == "enrol" else "second_factor")
        return self.get_response(request)
