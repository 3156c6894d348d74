from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "hisops.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations and KPIs")

    def ready(self) -> None:
        from hisops.evaluations import audit_words  # noqa: F401 - the audit log's words for its actions
