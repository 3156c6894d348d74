from django.urls import include, path

from hisops.reports import views

# Periodic service reports, under /reports/ (namespace "reports").
report_patterns = [
    path("", views.report_list, name="report_list"),
    path("<str:number>/", views.report_detail, name="report_detail"),
    path("<str:number>/<str:fmt>/", views.report_download, name="report_download"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("wallboard/", views.wallboard, name="wallboard"),
    path("reports/", include((report_patterns, "reports"))),
]
