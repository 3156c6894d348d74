from datetime import date

from django.urls import path, register_converter

from hisops.calendars import views


class DateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


register_converter(DateConverter, "isodate")

urlpatterns = [
    path("", views.calendar_list, name="calendar_list"),
    path("<str:code>/", views.calendar_detail, name="calendar_detail"),
    path("<str:code>/overrides/", views.calendar_override, name="calendar_override"),
    path(
        "<str:code>/overrides/<isodate:day>/delete/",
        views.calendar_override_remove,
        name="calendar_override_remove",
    ),
    path("<str:code>/deadline/", views.calendar_deadline, name="calendar_deadline"),
]
