"""Sign-in rules enforced on every page: the gates a person passes, in order, before any
other page opens. Each is judged once at sign-in (``accounts.subscriptions``) and kept in
the session, so pages pay no query for them."""

from django.shortcuts import redirect

MUST_CHANGE = "hisops_must_change_password"  # set at sign-in when the password must change
SECOND_FACTOR = "hisops_second_factor"  # "verify" | "enrol", set at sign-in when one is due
ALWAYS_OPEN = ("/logout/", "/static/", "/api/", "/i18n/", "/healthz")


def _second_factor_page(needs: str) -> str:
    return "second_factor_setup" if needs == "enrol" else "second_factor"


# (session key, the page that clears it, its path): the second factor first (who is this?),
# then a password someone else set or one too old.
GATES = (
    (SECOND_FACTOR, _second_factor_page, "/2fa/"),
    (MUST_CHANGE, lambda _value: "password_change", "/password/"),
)


class SignInGatesMiddleware:
    """The first gate still closed decides: its own page opens, every other page sends the
    person there (the API, static files and signing out always pass). One middleware, so
    two closed gates cannot send a person back and forth between their pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not request.path.startswith(ALWAYS_OPEN):
            for key, page, path in GATES:
                value = session.get(key)
                if value:
                    if not request.path.startswith(path):
                        return redirect(page(value))
                    break
        return self.get_response(request)
