"""Searching: the question segmented like the index, every term required, matched in the
database's own full-text index (PostgreSQL: ``tsvector`` with GIN; SQLite: FTS5), ranked,
and each kind filtered by that kind's own selector for this user."""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from hisops.core.scoping import scope_to_user

from .indexers import INDEXERS
from .models import SearchEntry
from .segment import terms

MAX_TERMS = 12
CANDIDATES = 500  # per kind, newest first, before ranking


@dataclass(frozen=True)
class Result:
    kind: str
    key: str
    title: str
    snippet: str  # HTML: escaped text with the matched terms in <mark>
    url: str
    rank: float


def _condition(words: list[str], *, any_word: bool = False) -> tuple[str, str, str]:
    """The one place the database's full-text match is written: (the WHERE condition on
    the entries' table, its rank expression, their one parameter)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    if connection.vendor == "postgresql":
        if any_word:
            lexemes = ("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)
            query, parse = " | ".join(lexemes), "to_tsquery"
        else:
            query, parse = " ".join(words), "plainto_tsquery"
        vector = f"{table}.search_vector"
        return (
            f"{vector} @@ {parse}('simple', %s)",
            f"ts_rank({vector}, {parse}('simple', %s))",
            query,
        )
    match = (" OR " if any_word else " ").join('"' + w.replace('"', '""') + '"' for w in words)
    return (
        f"{table}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
        f"(SELECT -bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s AND rowid = {table}.id)",
        match,
    )


def matching(qs: QuerySet, words: list[str], *, any_word: bool = False) -> QuerySet:
    """``qs`` narrowed to entries holding every word (or any, for suggestions), annotated
    with ``rank``."""
    where, rank, param = _condition(words, any_word=any_word)
    return qs.annotate(rank=RawSQL(rank, [param])).extra(where=[where], params=[param])


def search(
    *, user, q: str, kinds=None, limit: int = 20, any_word: bool = False, narrow=None
) -> list[Result]:
    """The best matches for ``q`` that ``user`` may open, best first. ``narrow`` maps a kind
    to a filter of its visible records (resolved tickets only, say)."""
    words = terms(q)[:MAX_TERMS]
    if not words:
        return []
    entries = matching(scope_to_user(SearchEntry.objects.all(), user), words, any_word=any_word)
    found: list[Result] = []
    for kind in kinds or INDEXERS:
        indexer = INDEXERS[kind]
        visible = indexer.visible(user=user)
        if narrow and kind in narrow:
            visible = visible.filter(**narrow[kind])
        visible = visible.values("pk")
        # The newest matches only are ranked: a common term matches most of the table, and
        # ranking every match is what would grow with it (docs/performance.md).
        newest = (
            entries.filter(kind=kind, object_id__in=visible)
            .order_by("-id")
            .values_list("id", flat=True)[:CANDIDATES]
        )
        ids = list(newest)
        if not ids:
            continue
        rows = (
            matching(SearchEntry.objects.filter(pk__in=ids), words, any_word=any_word)
            .order_by("-rank", "-id")
            .values_list("key", "object_id", "title", "body", "rank")[:limit]
        )
        found += [
            Result(kind, key, title, snippet(body if _holds(body, words) else title, words), indexer.url(key, pk),
                   float(rank or 0))
            for key, pk, title, body, rank in rows
        ]  # fmt: skip
    found.sort(key=lambda r: -r.rank)
    return found[:limit]


def _holds(text: str, words: list[str]) -> bool:
    lowered = (text or "").lower()
    return any(w in lowered for w in words)


def snippet(text: str, words: list[str], width: int = 60) -> str:
    """About ``width`` characters around the first match, escaped, matches in <mark>."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - width // 3)
    piece = text[start : start + width]
    if not words:
        return html.escape(piece)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    out, last = [], 0
    for m in pattern.finditer(piece):
        out += [html.escape(piece[last : m.start()]), f"<mark>{html.escape(m.group())}</mark>"]
        last = m.end()
    out.append(html.escape(piece[last:]))
    return ("…" if start else "") + "".join(out) + ("…" if start + width < len(text) else "")


def matching_ids(kind: str, text: str):
    """The ids of the records of ``kind`` whose entries hold every term of ``text``, as a
    subquery (for the lists' search boxes, ``core.textsearch``); None when the text has no
    terms."""
    words = terms(text)[:MAX_TERMS]
    if not words:
        return None
    where, _rank, param = _condition(words)
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    return RawSQL(f"SELECT object_id FROM {table} WHERE kind = %s AND {where}", [kind, param])
