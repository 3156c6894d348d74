"""Retention of the audit log: events older than ``HISOPS_AUDIT_RETENTION_DAYS`` (never
fewer than 180 days, 等保's minimum) leave the database only after they are written to a
signed file.

For each chain the oldest run of sealed events before the cut-off goes to
``audit-<chain>-<first>-<last>.jsonl`` (one event a line, with its chain columns) beside
a manifest that gives the file's SHA-256, the run's first link and last hash, and an HMAC
seal with the server's key (``core.sealing``). Then, in one transaction, the rows are
removed and the chain's head remembers where the kept chain now starts, so
``chain_verify`` still checks every remaining row from there; ``archive_verify`` checks the
files (each seal, each file's digest, each line's hash, the links from file to file and on
into the database).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hisops.core.sealing import seal, seal_matches

from .chain import CONTENT, GENESIS, _key, chains_seal, digest
from .models import AuditChainHead, AuditEvent

MINIMUM_DAYS = 180


def archive_folder() -> Path:
    return Path(
        getattr(settings, "HISOPS_AUDIT_ARCHIVE_DIR", "") or settings.HISOPS_HOME / "audit-archive"
    )


def cutoff(now: datetime | None = None) -> datetime:
    days = max(MINIMUM_DAYS, int(getattr(settings, "HISOPS_AUDIT_RETENTION_DAYS", MINIMUM_DAYS)))
    return (now or timezone.now()) - timedelta(days=days)


def _line(row: dict) -> str:
    row = {**row, "occurred_at": row["occurred_at"].isoformat()}
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class Archived:
    chain: int
    first: int
    last: int
    path: Path


def audit_archive(
    *, before: datetime | None = None, folder: Path | None = None, batch: int = 50000
) -> list[Archived]:
    """Archive and remove the events older than ``before`` (at most the retention cut-off:
    a later date is refused)."""
    limit = cutoff()
    before = min(before or limit, limit)
    folder = folder or archive_folder()
    folder.mkdir(parents=True, exist_ok=True)
    chains_seal()  # only sealed rows leave
    done = []
    for hospital_id in (
        AuditEvent.objects.filter(occurred_at__lt=before)
        .values_list("hospital_id", flat=True)
        .distinct()
    ):
        archived = _archive_chain(hospital_id, before, folder, batch)
        if archived:
            done.append(archived)
    if done:
        from hisops.core.capabilities import SYSTEM

        from .services import audit_record

        audit_record(actor=SYSTEM, action="audit.archive", object_type="audit archive", object_repr=str(folder),
                     changes={"events": [None, sum(r.last - r.first + 1 for r in done)]},
                     message=", ".join(r.path.name for r in done)[:1000])  # fmt: skip
    return done


def _archive_chain(hospital_id, before: datetime, folder: Path, batch: int) -> Archived | None:
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(key=_key(hospital_id))
        rows = list(
            AuditEvent.objects.filter(hospital_id=hospital_id, sequence__gt=head.archived_sequence)
            .exclude(hash="")
            .order_by("sequence")
            .values("id", "sequence", "prev_hash", "hash", *CONTENT)[:batch]
        )
        run = []  # the unbroken run of old rows at the start of the kept chain
        for row in rows:
            if (
                row["occurred_at"] >= before
                or row["sequence"] != head.archived_sequence + len(run) + 1
            ):
                break
            run.append(row)
        if not run:
            return None
        first, last = run[0]["sequence"], run[-1]["sequence"]
        path = folder / f"audit-{_key(hospital_id)}-{first:010d}-{last:010d}.jsonl"
        text = "".join(_line(row) + "\n" for row in run).encode()
        path.write_bytes(text)
        manifest = {
            "chain": _key(hospital_id), "first": first, "last": last, "count": len(run),
            "prev_hash": run[0]["prev_hash"], "last_hash": run[-1]["hash"],
            "from": run[0]["occurred_at"].isoformat(), "to": run[-1]["occurred_at"].isoformat(),
            "sha256": hashlib.sha256(text).hexdigest(), "file": path.name,
        }  # fmt: skip
        manifest["seal"] = seal(manifest)
        path.with_suffix(".manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1)
        )
        _remove([row["id"] for row in run])
        head.archived_sequence, head.archived_hash = last, run[-1]["hash"]
        head.save(update_fields=["archived_sequence", "archived_hash"])
    return Archived(_key(hospital_id), first, last, path)


def _remove(ids: list[int]) -> None:
    """The one deletion of audit rows: sealed rows, already in a signed file. On PostgreSQL
    the trigger lets it through for this transaction only."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL hisops.audit_archive = 'on'")
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL hisops.audit_archive = 'off'")


def archive_verify(folder: Path | None = None) -> list[str]:
    """Problems found in the archive files (empty when every file is intact and the files
    link into each other and into the chain kept in the database)."""
    folder = folder or archive_folder()
    problems = []
    ends: dict[int, tuple[int, str]] = {}
    for path in sorted(folder.glob("audit-*.manifest.json")):
        manifest = json.loads(path.read_text())
        stamp = manifest.pop("seal", "")
        if not seal_matches(stamp, manifest):
            problems.append(f"{path.name}: the manifest's seal does not match (it was changed)")
            continue
        data = (
            (folder / manifest["file"]).read_bytes()
            if (folder / manifest["file"]).exists()
            else b""
        )
        if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
            problems.append(f"{manifest['file']}: the file does not match its manifest's SHA-256")
            continue
        chain = manifest["chain"]
        sequence, previous = ends.get(chain, (0, GENESIS))
        if manifest["first"] != sequence + 1 or manifest["prev_hash"] != previous:
            problems.append(f"{manifest['file']}: does not continue the archive before it")
        for text in data.decode().splitlines():
            row = json.loads(text)
            row["occurred_at"] = datetime.fromisoformat(row["occurred_at"])
            if digest(row, sequence=row["sequence"], prev_hash=row["prev_hash"]) != row["hash"]:
                problems.append(
                    f"{manifest['file']}: event {row['sequence']} does not match its hash"
                )
                break
        ends[chain] = (manifest["last"], manifest["last_hash"])
    for head in AuditChainHead.objects.exclude(archived_sequence=0):
        if ends.get(head.key) != (head.archived_sequence, head.archived_hash):
            problems.append(f"chain {head.key}: the database says events up to {head.archived_sequence} "
                            "were archived, the archive files do not end there")  # fmt: skip
    return problems
