from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "hisops.changes"
    label = "changes"
    verbose_name = _("Changes and releases")

    def ready(self) -> None:
        from hisops.changes import (
            audit_words,  # noqa: F401 - the audit log's words for its actions
            panels,  # noqa: F401 - the ticket and item pages' change panels
        )
