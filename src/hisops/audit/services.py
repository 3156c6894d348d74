"""Recording audit events. Every write service calls :func:`audit_record` in its transaction."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction

from hisops.core.errors import ValidationError, taken_in_hospital, validate
from hisops.core.masking import mask_text

from . import context
from .models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The named fields of an instance as JSON-ready values (foreign keys as ids)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values = getattr(instance, name).values_list("pk", flat=True) if instance.pk else []
            result[name] = sorted(values)
        elif field.is_relation:
            result[name] = getattr(instance, field.attname)
        else:
            result[name] = _plain(getattr(instance, name))
    return result


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for the fields whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor,
    action: str,
    hospital=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    changes: dict | None = None,
    success: bool = True,
    message: str = "",
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
        if hospital is None:
            hospital = getattr(obj, "hospital", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    hospital_id = getattr(hospital, "pk", hospital)  # a hospital, or its id
    _seal_when_committed(hospital_id)
    return AuditEvent.objects.create(
        hospital_id=hospital_id,
        actor=actor if authenticated and isinstance(actor, models.Model) else None,
        actor_username=actor.get_username() if authenticated else "",
        actor_role=getattr(actor, "role", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        # The log outlives every ticket: never keep ID-card or phone numbers in it.
        object_repr=mask_text(str(object_repr))[:200],
        changes=changes or {},
        source_ip=context.source_ip.get(),
        success=success,
        message=mask_text(message),
    )


def record_create(
    *, actor, instance, action: str, unique: tuple[str, ...] = (), fields: tuple[str, ...]
):
    """The shape of every simple create: validate field by field, refuse a code or name its
    hospital already uses, save, and audit the new values (``fields``)."""
    validate(instance, exclude=["hospital"])
    errors = taken_in_hospital(
        type(instance), instance.hospital, **{f: getattr(instance, f) for f in unique}
    )
    if errors:
        raise ValidationError(fields=errors)
    instance.save()
    audit_record(
        actor=actor, action=action, obj=instance, changes=diff({}, snapshot(instance, fields))
    )
    return instance


def _seal_when_committed(hospital_id) -> None:
    """Once per transaction and chain, however many rows it writes: seal after commit."""
    connection = transaction.get_connection()
    pending = getattr(connection, "run_on_commit", ())
    if any(getattr(entry[1], "audit_chain", object()) == hospital_id for entry in pending):
        return

    def seal() -> None:
        _seal_after_commit(hospital_id)

    seal.audit_chain = hospital_id
    transaction.on_commit(seal)


def _seal_after_commit(hospital_id) -> None:
    """Seal the new rows onto their chain; a failure here loses nothing (the hourly sweep
    seals what is left) and must not fail the request that already committed."""
    import logging

    from .chain import chain_seal

    try:
        chain_seal(hospital_id=hospital_id)
    except Exception:
        logging.getLogger(__name__).exception(
            "sealing the audit chain of hospital %s failed", hospital_id
        )
