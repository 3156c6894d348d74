from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly service report")
    QUARTERLY = "quarterly", _("Quarterly service report")
    ANNUAL = "annual", _("Annual service report")
    ACCEPTANCE = "acceptance", _("Annual acceptance scorecard")


# The period each kind covers (calendars.periods kinds).
PERIOD_OF = {
    ReportKind.MONTHLY: "month",
    ReportKind.QUARTERLY: "quarter",
    ReportKind.ANNUAL: "year",
    ReportKind.ACCEPTANCE: "year",
}


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (editable)")
    XLSX = "xlsx", _("Excel (the data tables)")
    PDF = "pdf", _("PDF (the copy to sign)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


CONTENT_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}
