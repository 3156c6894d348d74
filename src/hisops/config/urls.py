from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from hisops.accounts import api as accounts_api
from hisops.calendars import api as calendar_api
from hisops.catalog import api as catalog_api
from hisops.contracts import api as contracts_api
from hisops.core.views import healthz
from hisops.intake import views as intake_views
from hisops.monitoring import urls as monitoring_urls
from hisops.problems import api as problems_api
from hisops.tickets import api as tickets_api

router = DefaultRouter()
router.register("hospitals", accounts_api.HospitalViewSet, basename="hospital")
router.register("vendors", accounts_api.VendorViewSet, basename="vendor")
router.register("contracts", contracts_api.ContractViewSet, basename="contract")
router.register(
    "contract-templates", contracts_api.ContractTemplateViewSet, basename="contract-template"
)
router.register("departments", accounts_api.DepartmentViewSet, basename="department")
router.register("calendars", calendar_api.CalendarViewSet, basename="calendar")
router.register("tickets", tickets_api.TicketViewSet, basename="ticket")
router.register("problems", problems_api.ProblemViewSet, basename="problem")
router.register("catalog/items", catalog_api.ItemViewSet, basename="catalog-item")
router.register("catalog/relations", catalog_api.RelationViewSet, basename="catalog-relation")

api_v1 = [
    path("catalog/import/", catalog_api.CatalogImportView.as_view(), name="catalog-import"),
    path("catalog/export/", catalog_api.CatalogExportView.as_view(), name="catalog-export"),
    path(
        "tickets/<str:number>/attachments/",
        tickets_api.TicketFilesViewSet.as_view({"get": "attachments", "post": "attachments"}),
        name="ticket-attachments",
    ),
    path(
        "tickets/<str:number>/visits/",
        tickets_api.TicketFilesViewSet.as_view({"get": "visits"}),
        name="ticket-visits",
    ),
    *router.urls,
]

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
    path("monitoring/", include("hisops.monitoring.urls")),
    path("oncall/", include("hisops.oncall.urls")),
    path("intake/", include("hisops.intake.urls")),
    path("hooks/wecom/<str:token>/", intake_views.wecom_callback, name="wecom-callback"),
    path("hooks/", include((monitoring_urls.intake_urlpatterns, "hooks"))),
    path("audit/", include("hisops.audit.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
