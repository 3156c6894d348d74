"""Retention (等保 审计记录保存): events past the retention leave the database only after
they are in a signed file; the chain kept in the database still verifies from where the
files end, and a changed file or manifest is named. Runs on both databases (on PostgreSQL
through the trigger, which lets only the archive delete)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from hisops.audit.archive import MINIMUM_DAYS, archive_verify, audit_archive
from hisops.audit.chain import chain_verify, chains_seal
from hisops.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def old_and_new(hospital, settings, tmp_path):
    settings.HISOPS_AUDIT_ARCHIVE_DIR = str(tmp_path / "archive")
    settings.HISOPS_AUDIT_RETENTION_DAYS = 180
    now = timezone.now()
    for days in (400, 300, 200, 100, 1):
        AuditEvent.objects.create(occurred_at=now - timedelta(days=days), hospital=hospital, action="tests.step",
                                  object_repr=f"{days} 天前", changes={"days": [None, days]})  # fmt: skip
    chains_seal()
    return tmp_path / "archive"


def test_old_events_move_to_signed_files_and_every_chain_still_verifies(old_and_new, hospital):
    done = audit_archive()
    assert [(r.first, r.last) for r in done] == [(1, 3)]
    kept = AuditEvent.objects.filter(hospital=hospital).order_by("sequence")
    assert [e.object_repr for e in kept] == ["100 天前", "1 天前"]
    assert chain_verify().ok
    assert archive_verify() == []
    lines = done[0].path.read_text().splitlines()
    assert [json.loads(line)["object_repr"] for line in lines] == [
        "400 天前",
        "300 天前",
        "200 天前",
    ]
    assert AuditEvent.objects.filter(
        action="audit.archive"
    ).exists()  # the archive itself is recorded
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK")
    assert audit_archive() == []  # nothing more is old enough


def test_the_retention_is_never_shorter_than_180_days(old_and_new, hospital, settings):
    settings.HISOPS_AUDIT_RETENTION_DAYS = 30  # a setting below the minimum is not obeyed
    audit_archive(before=timezone.now())  # asking for everything still keeps 180 days
    assert AuditEvent.objects.filter(hospital=hospital).count() == 2
    assert MINIMUM_DAYS == 180


def test_a_changed_archive_file_or_manifest_is_named(old_and_new):
    done = audit_archive()
    path = done[0].path
    path.write_text(path.read_text().replace("300 天前", "301 天前"))
    assert any("SHA-256" in p for p in archive_verify())
    with pytest.raises(CommandError, match="BROKEN archive"):
        call_command("audit", "verify", stdout=StringIO())
    manifest = path.with_suffix(".manifest.json")
    data = json.loads(manifest.read_text())
    data["count"] = 2
    manifest.write_text(json.dumps(data))
    assert any("seal" in p for p in archive_verify())


def test_hiding_archived_rows_by_moving_the_chain_start_is_caught(old_and_new, hospital):
    audit_archive()
    head = AuditChainHead.objects.get(key=hospital.pk)
    AuditChainHead.objects.filter(pk=head.pk).update(archived_sequence=4, archived_hash="f" * 64)
    assert any("archive files do not end there" in p for p in archive_verify())


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's")
def test_outside_the_archive_the_database_still_refuses_deletion(old_and_new):
    with (
        pytest.raises(DatabaseError, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute("DELETE FROM audit_auditevent WHERE object_repr = '1 天前'")
