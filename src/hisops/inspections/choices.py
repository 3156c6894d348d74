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


class ActivityKind(models.TextChoices):
    DRILL = "drill", _("Drill")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")


# What each kind of activity may be (seed 000, 003): kind → ((code, label), …)
SUBKINDS = {
    ActivityKind.DRILL: (
        ("failover", _("Primary/standby switchover")),
        ("backup_restore", _("Backup restore")),
        ("data_leak", _("Emergency plan: data leak")),
        ("cyber_attack", _("Emergency plan: network attack")),
        ("platform_down", _("Emergency plan: platform outage")),
        ("disaster", _("Emergency plan: natural disaster")),
    ),
    ActivityKind.TRAINING: (
        ("onboarding", _("Onboarding")),
        ("management", _("Management")),
        ("maintenance", _("Maintenance")),
        ("new_feature", _("New features")),
        ("presales", _("Vendor pre-sales")),
    ),
    ActivityKind.MEETING: (
        ("technical", _("Technical exchange meeting")),
        ("clinical", _("Clinical exchange meeting")),
    ),
}
SUBKIND_LABELS = {code: label for pairs in SUBKINDS.values() for code, label in pairs}


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class AttendeeGroup(models.TextChoices):
    IT = "it", _("IT department")
    VENDOR = "vendor", _("Vendor staff")
    CLINICAL = "clinical", _("Clinical staff")
