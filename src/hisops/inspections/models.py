"""Inspections (巡检): checklist templates, plans that put a contract's inspections on the
calendar for a year, and each inspection with its readings, findings, the hospital's
signature and its archived report.

An inspection copies its template's lines into its own results when it is generated, so a
template edited later never rewrites an inspection already planned or signed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hisops.core.models import TenantModel

from .choices import ActivityKind, ActivityStatus, Cadence, InspectionStatus, LineKind, Mode


class ChecklistTemplate(TenantModel):
    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Each line once per item of the plan (servers, databases), or once for the whole system.
    per_item = models.BooleanField(_("lines repeated for each item"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "code"], name="inspections_template_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistLine(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    section = models.CharField(_("section"), max_length=100)
    text = models.CharField(_("check"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    options = models.JSONField(_("options"), default=list, blank=True)  # a choice's answers
    failing = models.JSONField(_("failing options"), default=list, blank=True)  # answers that fail
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("checklist line")
        verbose_name_plural = _("checklist lines")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class InspectionPlan(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="inspection_plans",
        verbose_name=_("contract"),
    )  # fmt: skip
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("template"),
    )
    items = models.ManyToManyField(
        "catalog.Item", related_name="inspection_plans", verbose_name=_("items")
    )
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    per_period = models.PositiveSmallIntegerField(_("inspections per period"), default=1)
    days_each = models.PositiveSmallIntegerField(_("working days each"), default=1)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calendar"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assignee"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["contract_id", "name"]

    def __str__(self) -> str:
        return self.name


class Inspection(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("plan")
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("contract"),
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("template"),
    )
    items = models.ManyToManyField(
        "catalog.Item", related_name="inspections", verbose_name=_("items")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    # The period it belongs to and its place in it (the 2nd of 2 in a half year…): generating
    # a year twice finds the same inspections by (plan, period_start, slot).
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    slot = models.PositiveSmallIntegerField(default=1)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assignee"),
    )  # fmt: skip
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("completed by"),
    )  # fmt: skip
    summary = models.TextField(_("summary and advice"), blank=True)
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signature taken by"),
    )  # fmt: skip
    signature = models.ImageField(
        _("signature"), upload_to="inspections/signatures/%Y/", blank=True
    )
    seal = models.CharField(max_length=64, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "number"], name="inspections_number_unique"
            ),
            models.UniqueConstraint(
                fields=["plan", "period_start", "slot"], name="inspections_slot_unique"
            ),
        ]
        indexes = [models.Index(fields=["hospital", "status", "due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def sealed_content(self) -> dict:
        """What the signature vouches for: the readings, the findings and the summary."""
        return {
            "number": self.number,
            "summary": self.summary,
            "signer": self.signer_name,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "results": [
                [
                    r.pk,
                    r.outcome,
                    r.value_text,
                    str(r.value_number) if r.value_number is not None else None,
                    r.note,
                ]
                for r in self.results.order_by("pk")
            ],
            "findings": [
                [f.pk, f.description, f.ticket_id, f.problem_id]
                for f in self.findings.order_by("pk")
            ],
        }


class InspectionResult(models.Model):
    """One line of the checklist as this inspection asks it, and the reading taken."""

    class Outcome(models.TextChoices):
        PASSED = "passed", pgettext_lazy("inspection outcome", "Passed")
        FAILED = "failed", pgettext_lazy("inspection outcome", "Failed")
        NOTED = "noted", pgettext_lazy("inspection outcome", "Recorded")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveIntegerField()
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item"),
    )
    section = models.CharField(_("section"), max_length=100)
    text = models.CharField(_("check"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    minimum = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    maximum = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    options = models.JSONField(default=list, blank=True)
    failing = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    value_number = models.DecimalField(
        _("reading"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    value_text = models.CharField(_("reading"), max_length=2000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="inspections/photos/%Y/", blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text

    @property
    def recorded(self) -> bool:
        return bool(self.outcome)


class Finding(models.Model):
    """Something the inspection found (a failed line or a note), followed up as a ticket or
    a problem."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    result = models.OneToOneField(
        InspectionResult, on_delete=models.CASCADE, null=True, blank=True, related_name="finding"
    )
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("finding"), max_length=2000)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_findings",
    )
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_findings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]


class InspectionReport(models.Model):
    """The signed report's files, kept in the document archive (one per format)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="reports")
    format = models.CharField(max_length=8)
    document = models.ForeignKey("knowledge.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "format"], name="inspections_report_format_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}.{self.format}"


class ActivityPlan(TenantModel):
    """A recurring drill, training or meeting a contract (or the hospital) promises: e.g.
    每月不少于一次集成平台消息引擎主备切换演练, monthly vendor training, 技术交流会."""

    name = models.CharField(_("name"), max_length=200)
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="activity_plans",
        verbose_name=_("contract"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    subkind = models.CharField(_("subkind"), max_length=20)
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    per_period = models.PositiveSmallIntegerField(_("per period"), default=1)
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calendar"),
    )
    items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="+", verbose_name=_("items")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Activity(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    plan = models.ForeignKey(
        ActivityPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("plan"),
    )  # fmt: skip
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("contract"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    subkind = models.CharField(_("subkind"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    slot = models.PositiveSmallIntegerField(default=1)
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    # {"it": 3, "vendor": 2, "clinical": 12}: who attended, by group
    attendees = models.JSONField(_("attendees"), default=dict, blank=True)
    attendee_names = models.TextField(_("attendee names"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    rto_minutes = models.PositiveIntegerField(
        _("recovery time (RTO, minutes)"), null=True, blank=True
    )
    rpo_minutes = models.PositiveIntegerField(
        _("data loss window (RPO, minutes)"), null=True, blank=True
    )
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tickets = models.ManyToManyField(
        "tickets.Ticket", blank=True, related_name="+", verbose_name=_("action items")
    )
    documents = models.ManyToManyField(
        "knowledge.Document", blank=True, related_name="+", verbose_name=_("documents")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["planned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "number"], name="inspections_activity_number_unique"
            ),
            models.UniqueConstraint(
                fields=["plan", "period_start", "slot"], name="inspections_activity_slot_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QualityRule(TenantModel):
    """A data-quality rule: a query whose first value is measured against a threshold
    (e.g. EMPI 记录缺身份证号比例 ≤ 1%: a ratio ``<= 0.01``)."""

    name = models.CharField(_("name"), max_length=200)
    source = models.ForeignKey("checks.DataSource", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("data source"))  # fmt: skip
    query = models.TextField(_("query"))
    expect = models.CharField(_("threshold"), max_length=50, help_text=_('e.g. "<= 0.01"'))
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    interval_hours = models.PositiveIntegerField(_("every (hours)"), default=24)
    is_active = models.BooleanField(_("active"), default=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("open finding"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("data-quality rule")
        verbose_name_plural = _("data-quality rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QualityRun(models.Model):
    rule = models.ForeignKey(QualityRule, on_delete=models.CASCADE, related_name="runs")
    ran_at = models.DateTimeField(_("ran at"))
    ok = models.BooleanField(_("met"))
    value = models.DecimalField(
        _("measured"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    opened = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-ran_at"]
        indexes = [models.Index(fields=["rule", "ran_at"], name="inspections_qrun_time")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.ran_at:%Y-%m-%d} {self.value}"
