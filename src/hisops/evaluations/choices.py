from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """Who a template evaluates."""

    VENDOR = "vendor", _("Maintenance vendor")
    THIRD_PARTY = "third_party", _("Third-party vendor")
    STAFF = "staff", _("IT staff member")
    SERVICE = "service", _("Service to clinical departments")  # departments rate IT and vendors


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED_HOSPITAL = "signed_hospital", _("Signed by the hospital")
    SIGNED_VENDOR = "signed_vendor", _("Signed by the vendor")
    SIGNED = "signed", _("Signed by both")
