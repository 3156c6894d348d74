from django.urls import path

from . import views

app_name = "checks"
urlpatterns = [
    path("", views.check_list, name="check_list"),
    path("new/", views.check_create, name="check_create"),
    path("<int:pk>/", views.check_detail, name="check_detail"),
    path("<int:pk>/run/", views.check_run, name="check_run"),
]
