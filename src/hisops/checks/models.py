"""Automated checks: a probe of a system (a web page, a port, a query, an HL7 interface, the
newest backup) run on a schedule, each run kept with its duration; a failing check opens
one incident on its item, as alerts do. Data sources are the databases SQL checks and data
quality rules read, with their credentials encrypted at rest."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.crypto import EncryptedTextField
from hisops.core.models import TenantModel

from .choices import CheckKind, Engine


class DataSource(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    engine = models.CharField(_("database"), max_length=20, choices=Engine.choices)
    # postgresql://user:password@host:5432/name (and the like): the password is in here,
    # so the whole address is kept encrypted.
    url = EncryptedTextField(_("connection address"))
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item"),
    )

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["hospital", "name"], name="checks_source_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Check(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=CheckKind.choices)
    # A URL (http), host:port (tcp, hl7_mllp), a folder (backup_freshness); SQL: the query.
    target = models.CharField(_("target"), max_length=2000)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="checks",
        verbose_name=_("data source"),
    )  # fmt: skip
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="checks", verbose_name=_("item")
    )
    interval_minutes = models.PositiveIntegerField(_("every (minutes)"), default=5)
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    level = models.CharField(_("incident level"), max_length=16, blank=True)
    # expect_status, expect_text, max_latency_ms, cert_days (http); expect (sql: "= 1",
    # "<= 0.01"); message (hl7_mllp); max_age_hours, pattern (backup_freshness)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    resolve_incident = models.BooleanField(
        _("resolve the incident when it recovers"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_ok = models.BooleanField(_("last result"), null=True, blank=True)
    last_message = models.CharField(max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="checks",
        verbose_name=_("open incident"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "next_run_at"], name="checks_due")]

    def __str__(self) -> str:
        return self.name


class CheckResult(models.Model):
    check_ref = models.ForeignKey(
        Check, on_delete=models.CASCADE, related_name="results", db_column="check_id"
    )
    ran_at = models.DateTimeField(_("ran at"))
    ok = models.BooleanField(_("passed"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        indexes = [models.Index(fields=["check_ref", "ran_at"], name="checks_result_time")]

    def __str__(self) -> str:
        return f"{self.check_ref_id} {self.ran_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"
