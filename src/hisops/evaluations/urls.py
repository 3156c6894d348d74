from django.urls import path

from hisops.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/<str:kind>/<int:subject>/", views.score, name="score"),
    path("scorecards/<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
]
