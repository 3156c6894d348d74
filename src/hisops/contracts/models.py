"""Vendors now; contracts, service items and SLA policies come with the contracts issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel, code_validator

from .choices import VendorKind


class Vendor(TenantModel):
    """A maintenance vendor (原厂 or 第三方) as one hospital knows it."""

    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=VendorKind.choices, default=VendorKind.THIRD_PARTY
    )
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hospital_id", "code"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "code"], name="vendor_code_unique"),
            models.UniqueConstraint(fields=["hospital", "name"], name="vendor_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
