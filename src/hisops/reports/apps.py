from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Home pages, dashboards and periodic reports: reads across every domain below."""

    name = "hisops.reports"
    label = "reports"
    verbose_name = _("Reports")
