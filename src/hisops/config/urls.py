from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from hisops.accounts import api as accounts_api
from hisops.audit import api as audit_api
from hisops.calendars import api as calendar_api
from hisops.catalog import api as catalog_api
from hisops.changes import api as changes_api
from hisops.checks import api as checks_api
from hisops.contracts import api as contracts_api
from hisops.core.views import healthz
from hisops.evaluations import api as evaluations_api
from hisops.inspections import api as inspections_api
from hisops.intake import views as intake_views
from hisops.knowledge import api as knowledge_api
from hisops.monitoring import urls as monitoring_urls
from hisops.problems import api as problems_api
from hisops.reports import api as reports_api
from hisops.search import api as search_api
from hisops.tickets import api as tickets_api

# The API: each app lists its resources (ROUTES) and other paths (PATHS) in its api.py.
API_APPS = (
    accounts_api, audit_api, calendar_api, catalog_api, contracts_api, tickets_api, problems_api, changes_api,
    knowledge_api, inspections_api, search_api, checks_api, evaluations_api, reports_api,
)  # fmt: skip
router = DefaultRouter()
for app in API_APPS:
    for prefix, viewset, basename in app.ROUTES:
        router.register(prefix, viewset, basename=basename)
api_v1 = [route for app in API_APPS for route in getattr(app, "PATHS", [])] + router.urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("hisops.reports.urls")),
    path("", include("hisops.accounts.urls")),
    path("calendars/", include("hisops.calendars.urls")),
    path("catalog/", include("hisops.catalog.urls")),
    path("contracts/", include("hisops.contracts.urls")),
    path("notifications/", include("hisops.notify.urls")),
    path("tickets/", include("hisops.tickets.urls")),
    path("problems/", include("hisops.problems.urls")),
    path("changes/", include("hisops.changes.urls")),
    path("knowledge/", include("hisops.knowledge.urls")),
    path("inspections/", include("hisops.inspections.urls")),
    path("evaluations/", include("hisops.evaluations.urls")),
    path("search/", include("hisops.search.urls")),
    path("monitoring/", include("hisops.monitoring.urls")),
    path("checks/", include("hisops.checks.urls")),
    path("oncall/", include("hisops.oncall.urls")),
    path("intake/", include("hisops.intake.urls")),
    path("hooks/wecom/<str:token>/", intake_views.wecom_callback, name="wecom-callback"),
    path("hooks/", include((monitoring_urls.intake_urlpatterns, "hooks"))),
    path("audit/", include("hisops.audit.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
