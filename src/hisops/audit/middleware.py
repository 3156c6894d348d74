from django.conf import settings

from . import context


def client_ip(request) -> str | None:
    if getattr(settings, "HISOPS_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.source_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            context.source_ip.reset(token)
