"""Counting big lists once, not on every page view.

A paginated list runs ``SELECT COUNT(*)`` over everything its filters match: at a million
tickets that is 30-45 ms on PostgreSQL, more than the page itself. ``VersionedCountPaginator``
keeps the count in the cache under the query's SQL and a version number that every write
to the table bumps (after commit), so a count is reused only while it is still exact.
Filters that change with time alone (an SLA clock passing its due time) may lag by at
most ``TTL`` seconds.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property

TTL = 30


def table_changed(name: str) -> None:
    """Call inside the writing transaction. The version moves now (this transaction's own
    reads count afresh) and again after commit (a count another request took meanwhile,
    without seeing the uncommitted rows, is not reused)."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def _bump(name: str) -> None:
    key = f"count-version:{name}"
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)


class VersionedCountPaginator(Paginator):
    table = ""  # set by subclasses: the name writers pass to table_changed()

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None or not self.table:
            return super().count
        version = cache.get(f"count-version:{self.table}", 0)
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to count
            return 0
        digest = hashlib.sha256(f"{version}|{sql}|{params!r}".encode()).hexdigest()
        return cache.get_or_set(f"count:{self.table}:{digest}", self.object_list.count, TTL)
