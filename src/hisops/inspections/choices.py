from django.db import models
from django.utils.translation import gettext_lazy as _


class LineKind(models.TextChoices):
    """What a checklist line asks for."""

    PASS_FAIL = "pass_fail", _("Pass or fail")
    NUMBER = "number", _("Number in a range")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class Mode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    REMOTE = "remote", _("Remote")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed, awaiting signature")
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)
