from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "hisops.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring alerts")

    def ready(self) -> None:
        from hisops.monitoring import audit_words  # noqa: F401 - the audit log's words for its actions
