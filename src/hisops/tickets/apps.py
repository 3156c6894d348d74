from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "hisops.tickets"
    label = "tickets"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from hisops.tickets import audit_words  # noqa: F401 - the audit log's words for its actions

        from . import subscriptions  # noqa: F401 - recompute clocks when calendars or SLAs change
