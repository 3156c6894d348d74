from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """The operator's verbs: serve, worker, init, demo, backup, restore, bench."""

    name = "hisops.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from hisops.ops import audit_words  # noqa: F401 - the audit log's words for its actions
