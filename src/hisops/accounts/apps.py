from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hisops.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hisops.accounts import (
            audit_words,  # noqa: F401 - the audit log's words for its actions
            subscriptions,  # noqa: F401 - sign-ins in the audit log
        )
