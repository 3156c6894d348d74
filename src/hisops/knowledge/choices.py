from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    IT = "it", _("IT only")
    VENDORS = "vendors", _("IT and the item's vendors")
    ALL = "all", _("All staff, clinicians included")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DocumentCategory(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance record")
    REQUIREMENT = "requirement", _("Requirements document")
    BUG = "bug", _("Bug document")
    INSPECTION = "inspection", _("Inspection report")
    SERVICE_REPORT = "service_report", _("Service report")
    TRAINING = "training", _("Training record")
    MEETING = "meeting", _("Meeting minutes")
    ASSESSMENT = "assessment", _("Assessment report")
    POLICY = "policy", _("Rules and procedures")
    EMERGENCY = "emergency", _("Emergency plan")
    CONTRACT = "contract", _("Contract attachment")
    REPAIR_SHEET = "repair_sheet", _("Signed repair sheet")
