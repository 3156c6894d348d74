from django.urls import path

from hisops.reports import views

urlpatterns = [path("", views.home, name="home")]
