"""The audit log's hash chain: tamper evidence (GB/T 22239 安全审计, 审计记录的保护).

Each hospital's events (and the platform's, key 0) are numbered 1, 2, 3 … and each row's
hash is SHA-256 over its content and the previous row's hash. A row is sealed just after
the transaction that wrote it commits (and by an hourly sweep, for rows a crash left
unsealed); ``verify`` recomputes every chain and names the first row that does not match:
an edited field, a deleted row (a gap in the numbers) or a planted one all show.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
CONTENT = (
    "occurred_at", "hospital_id", "actor_id", "actor_username", "actor_role", "action", "object_type",
    "object_id", "object_repr", "changes", "source_ip", "success", "message",
)  # fmt: skip


def digest(row: dict, *, sequence: int, prev_hash: str) -> str:
    """The hash of a row's content (as the database holds it) after ``prev_hash``."""
    content = {name: row[name] for name in CONTENT}
    content["occurred_at"] = row["occurred_at"].isoformat()
    text = json.dumps(
        {"sequence": sequence, "prev": prev_hash, **content},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def _key(hospital_id) -> int:
    return hospital_id or 0


def chain_seal(*, hospital_id=None, batch: int = 1000) -> int:
    """Seal the unsealed rows of one chain, oldest first, in one short transaction that
    holds the chain's head (so two sealers never number the same row)."""
    sealed = 0
    with transaction.atomic():
        head, _created = AuditChainHead.objects.get_or_create(key=_key(hospital_id))
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        rows = (
            AuditEvent.objects.filter(hash="", hospital_id=hospital_id)
            .order_by("id")
            .values("id", *CONTENT)[:batch]
        )
        sequence, previous = head.sequence, head.hash or GENESIS
        for row in rows:
            sequence += 1
            value = digest(row, sequence=sequence, prev_hash=previous)
            AuditEvent.objects.seal_row(
                row["id"], sequence=sequence, prev_hash=previous, hash=value
            )
            previous = value
            sealed += 1
        if sealed:
            head.sequence, head.hash = sequence, previous
            head.save(update_fields=["sequence", "hash"])
    return sealed


def chains_seal() -> int:
    """The hourly sweep: every chain with unsealed rows."""
    keys = set(AuditEvent.objects.filter(hash="").values_list("hospital_id", flat=True).distinct())
    return sum(chain_seal(hospital_id=key) for key in keys)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken: AuditEvent | None = None
    reason: str = ""


def chain_verify() -> Verdict:
    """Recompute every chain. The first row whose hash, link or number does not follow is
    reported; the chains' heads must equal their last rows (a truncated tail shows)."""
    checked = 0
    heads = {h.key: h for h in AuditChainHead.objects.all()}
    keys = {
        _key(k)
        for k in AuditEvent.objects.exclude(hash="")
        .values_list("hospital_id", flat=True)
        .distinct()
    }
    for key in sorted(keys | set(heads)):
        rows = (
            AuditEvent.objects.exclude(hash="")
            .filter(**({"hospital_id": key} if key else {"hospital_id__isnull": True}))
            .order_by("sequence")
        )
        head = heads.get(key)
        # after an archive (audit/archive.py) the kept chain starts where the files end
        expected = (head.archived_sequence if head else 0) + 1
        previous = (head.archived_hash if head else "") or GENESIS
        for row in rows.values("id", "sequence", "prev_hash", "hash", *CONTENT).iterator(
            chunk_size=2000
        ):
            checked += 1
            reason = ""
            if row["sequence"] != expected:
                reason = (
                    f"sequence {row['sequence']} where {expected} was expected (a row is missing)"
                )
            elif row["prev_hash"] != previous:
                reason = "it does not link to the row before it"
            elif digest(row, sequence=row["sequence"], prev_hash=previous) != row["hash"]:
                reason = "its content does not match its hash (it was changed)"
            if reason:
                return Verdict(False, checked, AuditEvent.objects.get(pk=row["id"]), reason)
            expected, previous = expected + 1, row["hash"]
        if head is not None and (head.sequence, head.hash or GENESIS) != (expected - 1, previous):
            return Verdict(
                False,
                checked,
                None,
                f"chain {key} ends at {expected - 1}, its head says {head.sequence}",
            )
    return Verdict(True, checked)
