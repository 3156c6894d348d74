from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Change, FreezeWindow


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "status", "hospital", "planned_start"]
    list_filter = ["status", "kind", "hospital"]
    search_fields = ["number", "title"]


@admin.register(FreezeWindow)
class FreezeWindowAdmin(ReadOnlyAdmin):
    list_display = ["name", "start", "end", "item", "hospital"]
