from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    IT_ADMIN = "it_admin", _("IT administrator")
    IT_ENGINEER = "it_engineer", _("IT engineer")
    VENDOR_MANAGER = "vendor_manager", _("Vendor project manager")
    VENDOR_ENGINEER = "vendor_engineer", _("Vendor engineer")
    CLINICIAN = "clinician", _("Clinician")
    LEADER = "leader", _("Hospital leader")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


VENDOR_ROLES = frozenset({Role.VENDOR_MANAGER, Role.VENDOR_ENGINEER})


class DepartmentKind(models.TextChoices):
    CLINICAL = "clinical", _("Clinical")
    MEDICAL_TECH = "medical_tech", _("Medical technology")
    ADMINISTRATIVE = "administrative", _("Administrative")
