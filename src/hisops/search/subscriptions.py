"""The index follows every write: a saved ticket, problem, change, article, document or
CMDB item is indexed in the same transaction (only when a field search reads changed); a
deleted one leaves the index; a document's earlier version leaves when it is replaced."""

from django.db.models.signals import post_delete, post_save

from hisops.catalog.events import items_written

from .indexers import INDEXERS
from .services import entry_delete, entry_save


def _saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    indexer = INDEXERS[_kinds[sender]]
    if update_fields is not None and not created and not (set(update_fields) & indexer.fields):
        return
    entry_save(indexer, instance)
    if indexer.kind == "document" and instance.replaces_id:
        entry_delete("document", instance.replaces_id)


def _deleted(sender, instance, **kwargs):
    entry_delete(_kinds[sender], instance.pk)


_kinds = {indexer.model: kind for kind, indexer in INDEXERS.items()}
for _model in _kinds:
    post_save.connect(_saved, sender=_model, dispatch_uid=f"search-save-{_model._meta.label}")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"search-delete-{_model._meta.label}")


def _items_written(item_ids, **kwargs):
    """A CMDB import writes items in bulk: index them all."""
    from hisops.catalog.models import Item

    indexer = INDEXERS["item"]
    for item in Item.objects.filter(pk__in=item_ids).iterator(chunk_size=500):
        entry_save(indexer, item)


items_written.connect(_items_written)
