from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "hisops.problems"
    label = "problems"
    verbose_name = _("Problem list")

    def ready(self) -> None:
        from hisops.problems import (
            audit_words,  # noqa: F401 - the audit log's words for its actions
            panels,  # noqa: F401 - the ticket page's problem panel
        )
