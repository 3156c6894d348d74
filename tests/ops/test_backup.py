"""hisops backup / restore: a consistent copy with checksums; restore verifies first and
refuses a tampered or incomplete backup without touching anything."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hisops.accounts.services import hospital_create
from hisops.core.capabilities import SYSTEM
from hisops.core.models import Hospital

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_backup_then_restore_brings_back_data_and_files(tmp_path, settings):
    hospital_create(actor=SYSTEM, code="KEEP", name="保留医院")
    media = settings.MEDIA_ROOT
    (media / "tickets").mkdir(parents=True)
    (media / "tickets" / "a.log").write_bytes(b"printer queue stuck")
    folder, progress = run("backup", str(tmp_path / "backups"))
    assert "backing up: database" in progress
    manifest = json.loads(
        (tmp_path / "backups" / folder.split("/")[-1] / "manifest.json").read_text()
    )
    assert "media/tickets/a.log" in manifest["files"]

    hospital_create(actor=SYSTEM, code="LATER", name="之后的医院")
    Hospital.objects.filter(code="KEEP").update(name="改过的名字")
    (media / "tickets" / "a.log").write_bytes(b"changed")
    message, _progress = run("restore", folder)
    assert "files verified" in message
    assert set(Hospital.objects.values_list("code", "name")) >= {("KEEP", "保留医院")}
    assert not Hospital.objects.filter(code="LATER").exists()
    assert (media / "tickets" / "a.log").read_bytes() == b"printer queue stuck"


def test_a_tampered_backup_is_refused_and_nothing_changes(tmp_path, settings):
    hospital_create(actor=SYSTEM, code="KEEP", name="保留医院")
    storage_file = settings.MEDIA_ROOT / "x.txt"
    storage_file.parent.mkdir(parents=True, exist_ok=True)
    storage_file.write_bytes(b"original")
    folder, _ = run("backup", str(tmp_path))
    hospital_create(actor=SYSTEM, code="LATER", name="之后的医院")
    (tmp_path / folder.split("/")[-1] / "media" / "x.txt").write_bytes(b"tampered")
    with pytest.raises(CommandError, match=r"checksum differs: media/x\.txt"):
        run("restore", folder)
    assert Hospital.objects.filter(code="LATER").exists()  # untouched
    with pytest.raises(CommandError, match="manifest"):
        run("restore", str(tmp_path / "nowhere"))


def test_an_edited_backup_with_a_rewritten_manifest_is_refused(tmp_path):
    """Plant a change, recompute every checksum, write the manifest anew: still refused,
    since the seal needs the server's key."""
    import hashlib

    hospital_create(actor=SYSTEM, code="KEEP", name="保留医院")
    folder, _ = run("backup", str(tmp_path))
    root = tmp_path / folder.split("/")[-1]
    manifest = json.loads((root / "manifest.json").read_text())
    planted = root / "media" / "planted.txt"
    planted.parent.mkdir(exist_ok=True)
    planted.write_bytes(b"a planted superuser")
    manifest["files"]["media/planted.txt"] = {
        "sha256": hashlib.sha256(planted.read_bytes()).hexdigest(), "bytes": planted.stat().st_size,
    }  # fmt: skip
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="seal does not match"):
        run("restore", folder)
    del manifest["seal"]
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="not sealed"):
        run("restore", folder)


def test_a_restore_keeps_the_audit_events_newer_than_the_backup(tmp_path):
    from hisops.audit.chain import chain_verify
    from hisops.audit.models import AuditEvent
    from hisops.audit.services import audit_record

    hospital_create(actor=SYSTEM, code="KEEP", name="保留医院")
    folder, _ = run("backup", str(tmp_path))
    audit_record(actor=SYSTEM, action="tests.after_the_backup", message="这件事发生在备份之后")
    message, _ = run("restore", folder)
    assert "2 newer audit events kept" in message  # the backup's own record, and the later one
    kept = AuditEvent.objects.get(action="tests.after_the_backup")
    marker = AuditEvent.objects.get(action="core.backup.restore")
    assert marker.pk < kept.pk and kept.message == "这件事发生在备份之后"
    assert chain_verify().ok


def test_an_encrypted_backup_holds_nothing_readable_and_restores(tmp_path, settings):
    """等保 数据备份: SM4-GCM over every file of the backup, under the data key kept apart."""
    settings.HISOPS_DATA_KEY_FILE = str(tmp_path / "keys" / "data-keys")
    hospital_create(actor=SYSTEM, code="KEEP", name="保留医院")
    media = settings.MEDIA_ROOT
    (media / "tickets").mkdir(parents=True)
    (media / "tickets" / "a.log").write_bytes(b"printer queue stuck " * 100000)  # two chunks
    folder, _progress = run("backup", str(tmp_path / "backups"), "--encrypt")
    files = [
        p for p in (tmp_path / "backups").rglob("*") if p.is_file() and p.name != "manifest.json"
    ]
    assert files and all(p.name.endswith(".sm4") for p in files)
    assert not any(
        b"printer queue" in p.read_bytes() or "保留医院".encode() in p.read_bytes() for p in files
    )

    hospital_create(actor=SYSTEM, code="LATER", name="之后的医院")
    run("restore", folder)
    assert (
        Hospital.objects.filter(code="KEEP").exists()
        and not Hospital.objects.filter(code="LATER").exists()
    )
    assert (media / "tickets" / "a.log").read_bytes() == b"printer queue stuck " * 100000


def test_an_encrypted_backup_without_its_key_is_refused(tmp_path, settings):
    import base64

    settings.HISOPS_DATA_KEY_FILE = str(tmp_path / "keys" / "data-keys")
    folder, _progress = run("backup", str(tmp_path / "backups"), "--encrypt")
    settings.HISOPS_DATA_KEYS = "k7:" + base64.b64encode(b"x" * 16).decode()  # another server's key
    with pytest.raises(CommandError, match="no data key"):
        run("restore", folder)
