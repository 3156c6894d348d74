from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("new/", views.article_create, name="article_create"),
    path("from/<str:kind>/<str:number>/", views.article_from, name="article_from"),
    path("helped/", views.helped, name="helped"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("<str:number>/edit/", views.article_edit, name="article_edit"),
    path("<str:number>/", views.article_detail, name="article_detail"),
]
