from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from rest_framework.authtoken.models import TokenProxy

from hisops.accounts.models import Department, User, Vendor, VendorQualification
from hisops.core.admin_base import ReadOnlyAdmin

# API token keys are credentials: the admin does not list them (DRF registers them there).
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    """Accounts are changed through the services (audited), never here."""

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


@admin.register(Vendor)
class VendorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "hospital"]
    list_filter = ["hospital", "kind"]


@admin.register(VendorQualification)
class VendorQualificationAdmin(ReadOnlyAdmin):
    list_display = ["person_name", "certificate", "expires_on", "vendor"]
