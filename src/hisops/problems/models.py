"""The problem list (问题清单 / BUG): causes behind incidents, tracked until fixed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel

from .choices import ProblemStatus


class Problem(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="problems",
        verbose_name=_("item"),
    )  # fmt: skip
    vendor = models.ForeignKey(
        "accounts.Vendor", on_delete=models.PROTECT, null=True, blank=True, related_name="problems",
        verbose_name=_("vendor"),
    )  # fmt: skip
    root_cause = models.TextField(_("root cause"), blank=True)
    workaround = models.TextField(_("workaround"), blank=True)
    fix_due = models.DateField(_("fix scheduled for"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="problem_number_unique")
        ]
        indexes = [models.Index(fields=["hospital", "status"], name="problem_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ProblemIncident(TenantModel):
    """An incident linked to the problem that causes it (one problem per incident)."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="links")
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="problem_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["problem_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.problem.number} ← {self.ticket.number}"
