from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("templates/", views.template_list, name="template_list"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/<str:number>/", views.activity_detail, name="activity_detail"),
    path("obligations/", views.obligation_page, name="obligations"),
    path("data-quality/", views.quality_report, name="quality"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("<str:number>/", views.inspection_detail, name="inspection_detail"),
    path("<str:number>/lines/<int:pk>/", views.inspection_record, name="inspection_record"),
    path("<str:number>/lines/<int:pk>/photo/", views.result_photo, name="result_photo"),
    path("<str:number>/findings/", views.finding_open, name="finding_open"),
    path("<str:number>/complete/", views.inspection_complete, name="inspection_complete"),
    path("<str:number>/sign/", views.inspection_sign, name="inspection_sign"),
    path("<str:number>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("<str:number>/report.<str:fmt>", views.inspection_report, name="inspection_report"),
]
