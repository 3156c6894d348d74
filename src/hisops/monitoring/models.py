"""Monitoring alerts: the hooks that receive them, every payload as it arrived, each alert
once, and the rules that turn alerts into incidents on CMDB items."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.crypto import EncryptedTextField
from hisops.core.models import TenantModel

from .choices import AlertStatus, HookKind


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Hook(TenantModel):
    """An intake address: ``/hooks/<kind>/<token>/``. The token is the credential (monitoring
    systems cannot log in); revoking it stops the address at once."""

    kind = models.CharField(_("kind"), max_length=20, choices=HookKind.choices)
    name = models.CharField(_("name"), max_length=100)
    token = EncryptedTextField(default=new_token)  # shown to IT on the monitoring page
    token_digest = models.CharField(max_length=64, unique=True)  # how a request finds it
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alert hook")
        verbose_name_plural = _("alert hooks")

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def path(self) -> str:
        return f"/hooks/{self.kind}/{self.token}/"


class Payload(TenantModel):
    """A request body exactly as it arrived. The handler only stores it and answers 202;
    processing happens afterwards and is idempotent, so nothing is lost to a slow step."""

    hook = models.ForeignKey(Hook, on_delete=models.PROTECT, related_name="payloads")
    body = models.TextField()
    processed_at = models.DateTimeField(null=True, blank=True)
    alerts_found = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"], name="payload_todo", condition=models.Q(processed_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"payload {self.pk} from {self.hook_id}"


class AlertRule(TenantModel):
    """Which CMDB item an alert is about, and at which contract level it opens an incident.

    ``label`` and ``pattern`` match the alert's labels (shell-style ``*`` allowed, e.g.
    ``instance`` = ``his-db-*``); the first rule by position that matches wins."""

    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=100)
    pattern = models.CharField(_("pattern"), max_length=200)
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    levels = models.JSONField(
        _("level by severity"), default=dict, blank=True,
        help_text=_('e.g. {"critical": "1", "warning": "3"}; unmapped severities open no-level incidents'),
    )  # fmt: skip
    resolve_incident = models.BooleanField(
        _("resolve the incident when every alert has resolved"), default=False
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")

    def __str__(self) -> str:
        return f"{self.label}={self.pattern} → {self.item_id}"


class Alert(TenantModel):
    """One alert, once: ``key`` is the source's identity of it (Alertmanager and Grafana:
    fingerprint + start time; Zabbix: the problem event id; generic: the sender's key)."""

    source = models.CharField(_("source"), max_length=20, choices=HookKind.choices)
    key = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices)
    name = models.CharField(_("name"), max_length=200)
    severity = models.CharField(_("severity"), max_length=30, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    labels = models.JSONField(default=dict, blank=True)
    starts_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    payload = models.ForeignKey(Payload, on_delete=models.PROTECT, related_name="alerts")
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "source", "key"], name="alert_once")
        ]
        indexes = [models.Index(fields=["ticket", "status"], name="alert_ticket")]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"
