from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.monitoring, name="monitoring"),
    path("hooks/<int:pk>/revoke/", views.hook_revoke, name="hook_revoke"),
]
# The intake addresses live at the site root (``/hooks/<kind>/<token>/``, API.md).
intake_urlpatterns = [
    path("<str:kind>/<str:token>/", views.intake, name="intake"),
]
