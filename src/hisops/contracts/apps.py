from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "hisops.contracts"
    label = "contracts"
    verbose_name = _("Vendors and contracts")

    def ready(self) -> None:
        from hisops.contracts import (
            audit_words,  # noqa: F401 - the audit log's words for its actions
            subscriptions,  # noqa: F401 - quota events become notifications
        )
