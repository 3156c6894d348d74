"""API plumbing shared by every domain: pagination and the one error shape.

Every 4xx answers ``{"code": ..., "message": ..., "fields": {...}}``.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class FileNegotiation(DefaultContentNegotiation):
    """For endpoints that answer a file chosen by ``?format=pdf|docx|xlsx`` (reports): the
    parameter names the file, not a DRF renderer, and errors still answer JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
    exceptions.ValidationError: "invalid",
}


def _flatten(detail) -> list[str]:
    if isinstance(detail, list):
        return [m for d in detail for m in _flatten(d)]
    if isinstance(detail, dict):
        return [m for d in detail.values() for m in _flatten(d)]
    return [str(detail)]


def _fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as flat ``{"field" or "field.sub": [messages]}``."""
    result: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = (
                "non_field_errors"
                if name == "non_field_errors" and not prefix
                else f"{prefix}{name}"
            )
            if isinstance(value, dict):
                result.update(_fields(value, f"{key}."))
            else:
                result[key] = _flatten(value)
    elif isinstance(detail, list):
        result["non_field_errors"] = _flatten(detail)
    return result


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, SuspiciousOperation):  # e.g. too many form fields
        exc = exceptions.ParseError(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": code,
            "message": _("Some fields are not valid."),
            "fields": _fields(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = {"code": code, "message": " ".join(_flatten(detail)), "fields": {}}
    response.data = body
    return response
