from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/", views.report, name="report"),
    path("<str:number>/", views.ticket_detail, name="ticket_detail"),
    path("<str:number>/action/", views.ticket_action, name="ticket_action"),
    path("<str:number>/comment/", views.ticket_comment, name="ticket_comment"),
]
