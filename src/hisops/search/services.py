"""Keeping the index: one upsert per saved record (on the same transaction as the write),
and the full rebuild behind ``hisops search reindex``."""

from collections.abc import Callable

from django.db import transaction

from .indexers import INDEXERS, Indexer
from .models import SearchEntry
from .segment import indexed

BODY = 2000  # characters of the text kept for snippets


def _entry(indexer: Indexer, obj) -> SearchEntry:
    title = str(indexer.title(obj) or "")[:300]
    text = indexer.text(obj) or ""
    key = str(indexer.key(obj))[:64]
    return SearchEntry(
        hospital_id=obj.hospital_id, kind=indexer.kind, object_id=obj.pk, key=key, title=title, body=text[:BODY],
        terms=indexed(f"{key} {title}\n{text}"),
    )  # fmt: skip


def entry_save(indexer: Indexer, obj) -> None:
    """Index ``obj`` now (insert, or update its entry), in one statement."""
    SearchEntry.objects.bulk_create(
        [_entry(indexer, obj)], update_conflicts=True, unique_fields=["kind", "object_id"],
        update_fields=["hospital", "key", "title", "body", "terms", "updated_at"],
    )  # fmt: skip


def entry_delete(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def reindex(
    *, kinds=None, progress: Callable[[str, int, int], None] | None = None, batch: int = 1000
) -> int:
    """Rebuild the entries of ``kinds`` (all by default) from the records; returns how many."""
    total = 0
    for kind in kinds or INDEXERS:
        indexer = INDEXERS[kind]
        records = indexer.model._base_manager.order_by("pk")
        if kind == "document":
            records = records.filter(replaced_by__isnull=True)
        count = records.count()
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
            done, pending = 0, []
            for obj in records.iterator(chunk_size=batch):
                pending.append(_entry(indexer, obj))
                if len(pending) >= batch:
                    SearchEntry.objects.bulk_create(pending)
                    done, pending = done + len(pending), []
                    if progress:
                        progress(kind, done, count)
            SearchEntry.objects.bulk_create(pending)
            done += len(pending)
        if progress:
            progress(kind, done, count)
        total += done
    return total
