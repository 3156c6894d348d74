from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    UPGRADE = "upgrade", _("Upgrade")
    PATCH = "patch", _("Patch")
    CONFIGURATION = "configuration", _("Configuration")
    INTERFACE = "interface", _("Interface")
    POLICY = "policy", _("Policy adaptation")
    XINCHUANG = "xinchuang", _("Domestic platform adaptation")
    FEATURE = "feature", _("New feature")


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    TESTED = "tested", _("Test signed off")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    RELEASED = "released", _("Released")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = frozenset(
    {ChangeStatus.RELEASED, ChangeStatus.ROLLED_BACK, ChangeStatus.FAILED, ChangeStatus.CANCELLED}
)
# A window on the calendar that others must not overlap.
HOLDS_WINDOW = frozenset({ChangeStatus.SCHEDULED, ChangeStatus.IN_PROGRESS})


class TestKind(models.TextChoices):
    FUNCTIONAL = "functional", _("Functional")
    PERFORMANCE = "performance", _("Performance")
    COMPATIBILITY = "compatibility", _("Compatibility")
    SECURITY = "security", _("Security")
    REGRESSION = "regression", _("Regression")


class TestResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
