"""The append-only audit log.

Rows are only ever inserted. The queryset refuses bulk updates and deletes and the model
refuses saving an existing row, so no code path of ours can rewrite history; on
PostgreSQL a trigger refuses it to anyone (migration 0002). Each hospital's rows, and the
platform's, form a hash chain (:mod:`hisops.audit.chain`): ``sequence``, ``prev_hash`` and
``hash`` are sealed once, just after the row's transaction commits, and ``hisops audit
verify`` recomputes the chain.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hisops.core.models import Hospital


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def seal_row(self, pk: int, *, sequence: int, prev_hash: str, hash: str) -> None:
        """The one write after insert (:mod:`hisops.audit.chain` only): the chain columns
        of a row not yet sealed."""
        unsealed = self.filter(pk=pk, hash="")
        models.QuerySet.update(unsealed, sequence=sequence, prev_hash=prev_hash, hash=hash)


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hospital"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # an account with a history is disabled, never deleted
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept as text too, so the record still names the person after the account is gone.
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    source_ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    success = models.BooleanField(_("success"), default=True)
    message = models.TextField(_("message"), blank=True)
    sequence = models.BigIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["hospital", "-occurred_at"], name="audit_hospital_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """Where a chain stands: its last sequence number and hash (``key``: a hospital's id,
    0 for the platform's own events). Locked while rows are sealed onto it."""

    key = models.PositiveBigIntegerField(unique=True)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    # Rows up to here were archived to signed files and removed (``audit.archive``): the
    # chain kept in the database starts after them.
    archived_sequence = models.BigIntegerField(default=0)
    archived_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"chain {self.key} @ {self.sequence}"
