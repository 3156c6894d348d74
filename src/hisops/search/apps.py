from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hisops.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from hisops.core import textsearch
        from hisops.search import (
            panels,  # noqa: F401 - help on the report page
            subscriptions,  # noqa: F401 - keeps the index current on every write
        )
        from hisops.search.selectors import matching_ids

        textsearch.register(matching_ids)
