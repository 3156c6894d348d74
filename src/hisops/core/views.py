from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hisops import __version__

from .models import Heartbeat


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers; background work's last beat is reported, not required."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        beat = (
            Heartbeat.objects.filter(name="core-heartbeat")
            .values_list("last_run_at", flat=True)
            .first()
        )
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse(
            {"status": "error", "database": "unavailable", "error": type(exc).__name__}, status=503
        )
    body = {
        "status": "ok",
        "time": timezone.now().isoformat(),
        "background_last_run": beat.isoformat() if beat else None,
    }
    if (
        request.user.is_authenticated and request.user.is_superuser
    ):  # not for everyone (等保: 信息泄露)
        body.update(version=__version__, database=connection.vendor)
    return JsonResponse(body)
