from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INVESTIGATING = "investigating", _("Investigating")
    KNOWN_ERROR = "known_error", _("Known error")
    FIX_SCHEDULED = "fix_scheduled", _("Fix scheduled")
    FIXED = "fixed", _("Fixed")
    CLOSED = "closed", _("Closed")
