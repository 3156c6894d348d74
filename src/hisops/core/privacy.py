"""Patient data at rest (等保 数据保密性): a record's text columns hold the masked form
(searchable, and all a database dump or a masked viewer ever sees); the clear form of any
value that held a patient identifier is kept only in the record's ``private`` column,
encrypted with SM4-GCM (``core.crypto``).

A model lists its sensitive fields in ``PRIVATE_FIELDS`` (field name → masking function);
``keep_private()`` runs on every save, so each writer stores the masked form without
thinking of it; ``clear(name)`` gives the value back to someone allowed to read it.
"""

import json

from django.db import models

from .crypto import EncryptedTextField


class PrivateText(models.Model):
    PRIVATE_FIELDS: dict = {}

    private = EncryptedTextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self.keep_private(None if update_fields is None else set(update_fields))
            and update_fields is not None
        ):
            kwargs["update_fields"] = {*update_fields, "private"}
        super().save(*args, **kwargs)

    def originals(self) -> dict:
        return json.loads(self.private) if self.private else {}

    def clear(self, name: str) -> str:
        """The value as it was written (the masked column when it held no identifier)."""
        original = self.originals().get(name)
        return original if original is not None else (getattr(self, name) or "")

    def keep_private(self, names=None) -> bool:
        """Mask the named fields (all by default) and keep the clear values encrypted;
        True when ``private`` changed."""
        return keep_private(self, self.PRIVATE_FIELDS, names)


def keep_private(record, fields: dict, names=None) -> bool:
    """What ``PrivateText.keep_private`` does, for any object with those attributes and a
    ``private`` one (a migration's historical model has no methods)."""
    names = [n for n in (fields if names is None else names) if n in fields]
    if not names:
        return False
    before = json.loads(record.private) if record.private else {}
    originals = dict(before)
    for name in names:
        value = getattr(record, name) or ""
        masked = fields[name](value)
        if masked != value:  # written in the clear: keep it, store the mask
            originals[name] = value
            setattr(record, name, masked)
        elif name in originals and fields[name](originals[name]) != value:
            del originals[name]  # rewritten since, without an identifier
    if originals == before:
        return False
    record.private = json.dumps(originals, ensure_ascii=False, sort_keys=True) if originals else ""
    return True


def keep_private_stored(model, fields: dict, batch: int = 2000) -> int:
    """For a migration: mask what ``model``'s rows hold in the clear; returns how many
    rows changed."""
    changed, pending = 0, []
    for row in model._base_manager.only("pk", "private", *fields).iterator(chunk_size=batch):
        if keep_private(row, fields):
            pending.append(row)
        if len(pending) >= batch:
            model._base_manager.bulk_update(pending, [*fields, "private"])
            changed, pending = changed + len(pending), []
    if pending:
        model._base_manager.bulk_update(pending, [*fields, "private"])
    return changed + len(pending)
