from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import Contract, Quota, SLALevel, Vendor, VendorQualification


@admin.register(Vendor)
class VendorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "hospital"]
    list_filter = ["hospital", "kind"]


@admin.register(VendorQualification)
class VendorQualificationAdmin(ReadOnlyAdmin):
    list_display = ["person_name", "certificate", "expires_on", "vendor"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "vendor", "starts_on", "ends_on", "hospital"]
    list_filter = ["hospital"]


@admin.register(SLALevel)
class SLALevelAdmin(ReadOnlyAdmin):
    list_display = ["contract", "code", "name", "system_level"]


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ["contract", "code", "name", "limit"]
