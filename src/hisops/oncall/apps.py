from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OncallConfig(AppConfig):
    name = "hisops.oncall"
    label = "oncall"
    verbose_name = _("On-call duty")

    def ready(self) -> None:
        from hisops.oncall import audit_words  # noqa: F401 - the audit log's words for its actions
