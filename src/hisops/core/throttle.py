"""Throttling of the addresses machines call (alert hooks, the WeCom callback): each
credential and each source address gets so many calls a minute, counted in the cache (Redis
when ``REDIS_URL`` is set, so every process shares the count). Wrong credentials are
counted separately and far lower: guessing a hook's address stops quickly."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The caller's address; behind a reverse proxy that sets it, X-Forwarded-For's first
    entry (``HISOPS_TRUST_X_FORWARDED_FOR``)."""
    if getattr(settings, "HISOPS_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def over_limit(scope: str, key: str, limit: int, window: int = 60) -> bool:
    """Count one call; True once more than ``limit`` came in this window."""
    bucket = f"throttle:{scope}:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, window + 5):
        return limit < 1
    try:
        return cache.incr(bucket) > limit
    except ValueError:  # expired between the two calls
        cache.set(bucket, 1, window + 5)
        return limit < 1


def hook_refused(request, *, credential: str | None) -> JsonResponse | None:
    """The answer for a machine's call over its limits (429 with Retry-After), or None.
    ``credential`` is the hook found by the call's token, None when the token is wrong."""
    address = client_ip(request) or "-"
    if credential is None:
        limited = over_limit("hook-miss", address, settings.HISOPS_HOOK_MISSES_PER_MINUTE)
    else:
        limited = over_limit(
            "hook", credential, settings.HISOPS_HOOK_CALLS_PER_MINUTE
        ) or over_limit("hook-addr", address, settings.HISOPS_HOOK_CALLS_PER_MINUTE * 2)
    if not limited:
        return None
    logger.warning("hook calls over the limit from %s", address)
    answer = JsonResponse(
        {"error": "throttled", "message": _("Too many requests; try again in a minute.")},
        status=429,
    )
    answer["Retry-After"] = "60"
    return answer
