from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Problem


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "status", "vendor", "hospital"]
    list_filter = ["status", "hospital"]
    search_fields = ["number", "title"]
