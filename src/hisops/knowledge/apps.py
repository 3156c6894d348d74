from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "hisops.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base and document archive")

    def ready(self) -> None:
        from hisops.knowledge import (
            audit_words,  # noqa: F401 - the audit log's words for its actions
            panels,  # noqa: F401 - "make an article" on the ticket page
            subscriptions,  # noqa: F401 - signed repair sheets filed as PDF
        )
