from django.contrib import admin

from .admin_base import ReadOnlyAdmin
from .models import Hospital


@admin.register(Hospital)
class HospitalAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "is_active"]
    search_fields = ["code", "name"]
