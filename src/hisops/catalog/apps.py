from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hisops.catalog"
    label = "catalog"
    verbose_name = _("CMDB catalog")

    def ready(self) -> None:
        from hisops.catalog import audit_words  # noqa: F401 - the audit log's words for its actions
