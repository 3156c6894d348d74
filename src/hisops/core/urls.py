from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from . import calendar_views, web


class DateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        from datetime import date

        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


register_converter(DateConverter, "isodate")

urlpatterns = [
    path("", web.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("calendars/", calendar_views.calendar_list, name="calendar_list"),
    path("calendars/<str:code>/", calendar_views.calendar_detail, name="calendar_detail"),
    path(
        "calendars/<str:code>/overrides/",
        calendar_views.calendar_override,
        name="calendar_override",
    ),
    path(
        "calendars/<str:code>/overrides/<isodate:day>/delete/",
        calendar_views.calendar_override_remove,
        name="calendar_override_remove",
    ),
    path(
        "calendars/<str:code>/deadline/", calendar_views.calendar_deadline, name="calendar_deadline"
    ),
]
