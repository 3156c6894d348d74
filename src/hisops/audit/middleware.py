from hisops.core.throttle import client_ip

from . import context


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.source_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                refused(request)
            return response
        finally:
            context.source_ip.reset(token)


def refused(request) -> None:
    """A refused page or API call is an audit event of its own (等保: 访问控制 attempts),
    written after the request's work, outside any transaction it rolled back."""
    from .services import audit_record

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    audit_record(
        actor=user if signed_in else None, action="core.access.denied", success=False,
        hospital=getattr(user, "hospital_id", None) if signed_in else None,
        object_repr=request.path[:200], message=f"{request.method} {request.path}"[:500],
    )  # fmt: skip
