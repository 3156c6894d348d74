from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    CLINICAL = "clinical", _("Clinical")
    MEDICAL_TECH = "medical_tech", _("Medical technology")
    ADMINISTRATIVE = "administrative", _("Administrative")


class VendorKind(models.TextChoices):
    ORIGINAL = "original", _("Original vendor")
    THIRD_PARTY = "third_party", _("Third-party vendor")


class AccountSource(models.TextChoices):
    LOCAL = "local", _("Local account")
    DIRECTORY = "directory", _("Hospital directory (LDAP)")


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("To review")
    KEPT = "kept", _("Kept")
    DISABLED = "disabled", _("Disabled")
