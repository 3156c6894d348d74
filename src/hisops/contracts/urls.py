from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance.xlsx", views.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/targets/", views.contract_target, name="contract_target"),
    path("<int:pk>/deadline/", views.contract_deadline, name="contract_deadline"),
    path("<int:pk>/level-map/", views.contract_level_map, name="contract_level_map"),
]
