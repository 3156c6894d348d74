from django.contrib import admin

from hisops.contracts.models import Contract, Quota, SLALevel
from hisops.core.admin_base import ReadOnlyAdmin


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
