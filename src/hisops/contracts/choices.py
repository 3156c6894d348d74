from django.db import models
from django.utils.translation import gettext_lazy as _


class VendorKind(models.TextChoices):
    ORIGINAL = "original", _("Original vendor")
    THIRD_PARTY = "third_party", _("Third-party vendor")
