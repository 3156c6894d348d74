from django.urls import path

from hisops.intake import views

app_name = "intake"
urlpatterns = [path("", views.intake_settings, name="settings")]
