from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Messages in: 报修 mailboxes (IMAP), the WeCom application callback, the hotline."""

    name = "hisops.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from hisops.intake import audit_words  # noqa: F401 - the audit log's words for its actions
