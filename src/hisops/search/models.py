"""One row per searchable record: its segmented terms (``segment.indexed``), kept current on
every write. PostgreSQL adds a generated ``tsvector`` column with a GIN index; SQLite an FTS5
table kept by triggers (migration 0001). Only what the record stores is indexed: a ticket's
masked text, never the encrypted clear values."""

from django.db import models

from hisops.core.models import TenantModel


class SearchEntry(TenantModel):
    kind = models.CharField(max_length=20)  # ticket, problem, change, article, document, item
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=64)  # the number or code people know it by
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)  # the start of the text, for snippets
    terms = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]
        indexes = [models.Index(fields=["hospital", "kind"], name="search_hospital_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
