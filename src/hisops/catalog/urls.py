from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("new/", views.item_create, name="item_create"),
    path("import/", views.item_import, name="item_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.item_export, name="item_export"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/impact/", views.item_impact, name="item_impact"),
    path("<int:pk>/relations/", views.relation_add, name="relation_add"),
    path(
        "<int:pk>/relations/<int:relation_pk>/delete/",
        views.relation_remove,
        name="relation_remove",
    ),
]
