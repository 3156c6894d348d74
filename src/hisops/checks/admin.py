from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Check, DataSource


@admin.register(Check)
class CheckAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "item", "interval_minutes", "last_run_at", "last_ok"]


@admin.register(DataSource)
class DataSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "engine", "hospital"]
    exclude = ["url"]  # holds a password
