"""Periodic service reports: what was asked for, its progress, and the files it filed in the
document archive (each format a document; a regenerated report is a new version)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel

from .choices import ReportKind, ReportStatus


class Report(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=10)  # 2027-03, 2027Q1, 2027
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("contract"),
    )  # fmt: skip
    vendor = models.ForeignKey(
        "accounts.Vendor", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("vendor"),
    )  # fmt: skip
    formats = models.JSONField(_("formats"), default=list)
    advice = models.TextField(_("advice to the hospital's IT"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    documents = models.ManyToManyField(
        "knowledge.Document", blank=True, related_name="+", verbose_name=_("files")
    )
    schedule = models.ForeignKey(
        "reports.ReportSchedule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service report")
        verbose_name_plural = _("service reports")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="report_number_unique")
        ]
        indexes = [models.Index(fields=["status", "id"], name="report_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()} {self.period}"

    @property
    def period_label(self) -> str:
        """How a person reads the period: 2027年第1季度."""
        from hisops.calendars import periods
        from hisops.core.errors import ValidationError

        try:
            return periods.parse(self.period).label
        except ValidationError:
            return self.period


class ReportTemplate(TenantModel):
    """A hospital's own Word template (its letterhead) for the service reports: a .docx with
    the placeholders ``{{ title }}``, ``{{ period }}`` and ``{{p body }}`` (docs/reports.md)."""

    name = models.CharField(_("name"), max_length=100)
    file = models.FileField(_("file"), upload_to="report-templates/%Y/", max_length=200)
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return self.name


class ReportSchedule(TenantModel):
    """A report written by itself: on the first working day after each period ends, for a
    contract (or the whole hospital), mailed with its files to the recipients."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, null=True, blank=True, related_name="report_schedules",
        verbose_name=_("contract"),
    )  # fmt: skip
    formats = models.JSONField(_("formats"), default=list)
    recipients = models.JSONField(_("recipients"), default=list)  # e-mail addresses
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("working days of"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_period = models.CharField(_("last period written"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["hospital_id", "kind", "id"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.contract or _('The whole hospital')}"
