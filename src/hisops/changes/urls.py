from django.urls import path

from . import views

app_name = "changes"
urlpatterns = [
    path("", views.change_list, name="change_list"),
    path("calendar/", views.change_calendar, name="calendar"),
    path("freeze/<int:pk>/delete/", views.freeze_delete, name="freeze_delete"),
    path("new/", views.change_create, name="change_create"),
    path("<str:number>/edit/", views.change_edit, name="change_edit"),
    path("<str:number>/", views.change_detail, name="change_detail"),
]
