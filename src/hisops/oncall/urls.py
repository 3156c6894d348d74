from django.urls import path

from . import views

app_name = "oncall"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("mine/", views.mine, name="mine"),
    path("chains/", views.chains, name="chains"),
    path("escalations/<int:pk>/", views.escalation, name="escalation"),
    path(
        "escalations/<int:pk>/acknowledge/",
        views.escalation_acknowledge,
        name="escalation_acknowledge",
    ),
]
