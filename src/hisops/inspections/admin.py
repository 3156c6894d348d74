from django.contrib import admin

from hisops.core.admin_base import ReadOnlyAdmin

from .models import ChecklistTemplate, Inspection, InspectionPlan


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "hospital", "per_item", "is_active"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "contract", "cadence", "per_period", "days_each", "mode"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["number", "contract", "due_on", "status", "signed_at"]
    list_filter = ["status"]
