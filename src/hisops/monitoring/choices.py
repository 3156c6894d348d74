from django.db import models
from django.utils.translation import gettext_lazy as _


class HookKind(models.TextChoices):
    ALERTMANAGER = "alertmanager", "Prometheus Alertmanager"
    ZABBIX = "zabbix", "Zabbix"
    GRAFANA = "grafana", "Grafana"
    GENERIC = "generic", _("Generic JSON")


class AlertStatus(models.TextChoices):
    FIRING = "firing", _("Firing")
    RESOLVED = "resolved", _("Resolved")


class Severity(models.TextChoices):
    """The severities the rule editor maps to levels: Alertmanager's and Grafana's
    ``severity`` label and Zabbix's trigger severities, compared lower-cased."""

    DISASTER = "disaster", _("Disaster (Zabbix)")
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High (Zabbix)")
    AVERAGE = "average", _("Average (Zabbix)")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Information")
