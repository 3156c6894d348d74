"""``hisops backup DIR`` and ``hisops restore DIR``: the database and the uploaded files
(attachments, signatures), with a manifest of SHA-256 checksums, sealed with the
server's key, that restore verifies before it touches anything; the audit events written
after the backup survive the restore.

* SQLite: SQLite's online backup API copies a consistent snapshot while the product runs.
* PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot), ``pg_restore --clean``.
* ``--encrypt``: every file SM4-GCM-encrypted under the data key (``core.crypto``), the
  checksums over the encrypted files; restore decrypts into a scratch folder first.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hisops.core import crypto
from hisops.core.models import Hospital
from hisops.core.sealing import seal, seal_matches

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    import os

    db = connection.settings_dict
    args = [
        "--host",
        db["HOST"] or "localhost",
        "--port",
        str(db["PORT"] or 5432),
        "--username",
        db["USER"] or "postgres",
    ]
    return args, {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}


def backup_create(
    *, target: Path, progress: Callable[[str], None] = lambda _m: None, encrypt: bool = False
) -> Path:
    """Write a new backup folder under ``target`` and return it. With ``encrypt`` every
    file is encrypted with SM4-GCM under the installation's data key (``core.crypto``):
    keep that key apart from the backups, or they cannot be restored."""
    from hisops import __version__

    folder = Path(target) / timezone.localtime().strftime("hisops-%Y%m%d-%H%M%S")
    if folder.exists():
        raise BackupError(f"{folder} already exists")
    folder.mkdir(parents=True)
    vendor = connection.vendor
    progress(f"database ({vendor})")
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "db.sqlite3") as copy:
            connection.connection.backup(copy)
        copy.close()
    elif vendor == "postgresql":
        args, env = _pg_env()
        out = folder / "db.pgdump"
        done = subprocess.run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(out), connection.settings_dict["NAME"]],
                              env=env, capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        raise BackupError(f"no backup for {vendor}")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        progress("files")
        shutil.copytree(media, folder / "media")
    key = None
    if encrypt:
        progress("encrypting (SM4-GCM)")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            key = crypto.encrypt_file(path, path.with_name(path.name + ".sm4"))
            path.unlink()
    progress("checksums")
    files = {str(p.relative_to(folder)): {"sha256": _sha256(p), "bytes": p.stat().st_size}
             for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip
    manifest = {
        "version": __version__,
        "database": vendor,
        "created_at": timezone.now().isoformat(),
        "files": files,
        "encrypted": key,  # the data key's id, or None
    }
    # Sealed with the server's key: a backup edited and given a new manifest is refused.
    manifest["seal"] = seal(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def backup_verify(*, folder: Path, allow_unsealed: bool = False) -> dict:
    """The manifest, after checking its seal (made by this installation's key), and that
    every file is there, unchanged, and nothing else."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: {exc}") from exc
    stated = manifest.pop("seal", "")
    if not stated and not allow_unsealed:
        raise BackupError(
            "the manifest is not sealed: a backup made before seals (restore it with --allow-unsealed "
            "if you know where it came from), or one whose manifest was rewritten"
        )
    if stated and not seal_matches(stated, manifest):
        raise BackupError(
            "the manifest's seal does not match: the backup was edited, or made by another installation"
        )
    problems = []
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"missing: {name}")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"checksum differs: {name}")
    extra = (
        {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        - set(manifest["files"])
        - {MANIFEST}
    )
    problems += [f"not in the manifest: {name}" for name in sorted(extra)]
    if problems:
        raise BackupError("the backup does not match its manifest:\n  " + "\n  ".join(problems))
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']} database; this one is {connection.vendor}"
        )
    return manifest


def backup_restore(
    *, folder: Path, progress: Callable[[str], None] = lambda _m: None, allow_unsealed: bool = False
) -> dict:
    """Replace the database and the files with the backup's, after verifying it. The audit
    events written since the backup was made are kept: appended after the restore's marker
    (on their chains again), never dropped with the rest."""
    folder = Path(folder)
    progress("verifying checksums")
    manifest = backup_verify(folder=folder, allow_unsealed=allow_unsealed)
    newer = _audit_since(manifest["created_at"])
    with tempfile.TemporaryDirectory(prefix="hisops-restore-") as scratch:
        source = (
            _decrypted(folder, Path(scratch), progress) if manifest.get("encrypted") else folder
        )
        _put_back(source, progress)
    progress(f"audit events since the backup ({len(newer)})")
    _audit_append(newer, marker=f"{folder.name} (made {manifest['created_at']})")
    manifest["audit_kept"] = len(newer)
    return manifest


def _decrypted(folder: Path, scratch: Path, progress) -> Path:
    progress("decrypting (SM4-GCM)")
    for path in sorted(p for p in folder.rglob("*.sm4") if p.is_file()):
        out = scratch / path.relative_to(folder).with_suffix("")
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            crypto.decrypt_file(path, out)
        except crypto.DecryptionFailed as exc:
            raise BackupError(str(exc)) from exc
    return scratch


def _put_back(source: Path, progress) -> None:
    """The database and the files from a (verified, decrypted) backup folder."""
    progress(f"database ({connection.vendor})")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source / "db.sqlite3") as saved:
            saved.backup(connection.connection)
        saved.close()
    else:
        connection.close()
        args, env = _pg_env()
        done = subprocess.run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                               "--dbname", connection.settings_dict["NAME"], str(source / "db.pgdump")],
                              env=env, capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    media = Path(settings.MEDIA_ROOT)
    if (source / "media").exists():
        progress("files")
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(source / "media", media)


def _audit_since(created_at: str) -> list[dict]:
    from hisops.audit.models import AuditEvent

    since = datetime.fromisoformat(created_at)
    return list(AuditEvent.objects.filter(occurred_at__gt=since).order_by("id").values())


def _audit_append(rows: list[dict], *, marker: str) -> None:
    """The restore's marker, then the newer events as they were (people and hospitals the
    backup does not know are kept by name only); sealed onto the restored chains."""
    from hisops.accounts.models import User
    from hisops.audit.chain import chains_seal
    from hisops.audit.models import AuditEvent
    from hisops.audit.services import audit_record
    from hisops.core.capabilities import SYSTEM

    audit_record(actor=SYSTEM, action="core.backup.restore", object_type="backup",
                 message=f"{marker}; {len(rows)} newer audit events kept")  # fmt: skip
    people = set(User.objects.values_list("pk", flat=True))
    hospitals = set(Hospital.objects.values_list("pk", flat=True))
    kept = []
    for row in rows:
        row = {k: v for k, v in row.items() if k not in {"id", "sequence", "prev_hash", "hash"}}
        row["actor_id"] = row["actor_id"] if row["actor_id"] in people else None
        row["hospital_id"] = row["hospital_id"] if row["hospital_id"] in hospitals else None
        kept.append(AuditEvent(**row))
    AuditEvent.objects.bulk_create(kept)
    chains_seal()
