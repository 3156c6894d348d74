"""Free-text filters of lists (the queue's and the CMDB's search box) through the search
index, which a higher app (``search``) offers here: the lists' domains do not know it. Until
it is registered (or for a kind it does not index) a list falls back to ``icontains``."""

from collections.abc import Callable

from django.db.models import Q

_matcher: Callable[[str, str], object] | None = None


def register(matcher: Callable[[str, str], object]) -> None:
    """``matcher(kind, text)`` -> a queryset of the matching records' ids, or None."""
    global _matcher
    _matcher = matcher


def text_filter(kind: str, text: str, *, fallback: Q, exact: Q | None = None) -> Q:
    """The condition for ``text`` in a list of ``kind``: the index's matches, or those of
    ``exact`` (a number or code containing the text) — else ``fallback``."""
    ids = _matcher(kind, text) if _matcher is not None else None
    if ids is None:
        return fallback
    return Q(pk__in=ids) | (exact or Q(pk__in=[]))
