from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Home pages, dashboards and periodic reports: reads across every domain below."""

    name = "hisops.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hisops.inspections.selectors import register_obligations
        from hisops.reports import audit_words  # noqa: F401 - the audit log's words for its actions
        from hisops.reports.obligations import report_obligations

        register_obligations(report_obligations)
