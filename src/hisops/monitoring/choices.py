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
