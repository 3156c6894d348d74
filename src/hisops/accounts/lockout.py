"""The page a locked-out sign-in gets (django-axes calls it), in the user's language."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, response=None, credentials=None):
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
