from django.urls import path

from . import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="problem_list"),
    path("new/", views.problem_create, name="problem_create"),
    path("link/<str:number>/", views.problem_link, name="problem_link"),
    path("<str:number>/", views.problem_detail, name="problem_detail"),
]
