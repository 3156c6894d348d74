from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "hisops.checks"
    label = "checks"
    verbose_name = _("Automated checks")

    def ready(self) -> None:
        from hisops.checks import audit_words  # noqa: F401 - the audit log's words for its actions
