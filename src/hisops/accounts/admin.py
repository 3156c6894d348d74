from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Department, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "hospital", "vendor", "is_active"]
    list_filter = ["role", "hospital", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("HISOps", {"fields": ("hospital", "role", "full_name", "phone", "department", "vendor")}),
    )


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "hospital"]
    list_filter = ["hospital", "kind"]
