from django.contrib import admin

from .models import Item, Relation


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "criticality", "vendor", "hospital"]
    list_filter = ["hospital", "kind", "criticality"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "source", "target"]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "hospital"]
    raw_id_fields = ["source", "target"]
