"""Every write to the CMDB, by area. Callers import from here: ``services.item_create``."""

from .imports import ImportInvalid, ImportResult, catalog_export, catalog_import
from .items import item_create, item_delete, item_update, relation_create, relation_delete

__all__ = [
    "ImportInvalid",
    "ImportResult",
    "catalog_export",
    "catalog_import",
    "item_create",
    "item_delete",
    "item_update",
    "relation_create",
    "relation_delete",
]
