from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "hisops.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from hisops.inspections import audit_words  # noqa: F401 - the audit log's words for its actions
