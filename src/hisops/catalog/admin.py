from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Item, Relation


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "criticality", "vendor", "hospital"]
    list_filter = ["hospital", "kind", "criticality"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "source", "target"]


@admin.register(Relation)
class RelationAdmin(ReadOnlyAdmin):
    list_display = ["source", "kind", "target", "hospital"]
    raw_id_fields = ["source", "target"]
