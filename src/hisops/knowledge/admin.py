from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Article, Document


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "audience", "status", "version", "hospital"]
    list_filter = ["status", "audience", "hospital"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "title",
        "category",
        "period_start",
        "period_end",
        "version",
        "hospital",
    ]
    list_filter = ["category", "hospital"]
