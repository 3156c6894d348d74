"""Moving models between apps (calendars, vendors, intake, numbering) keeps every row.

A database is built by the code as it was before the move (the demo hospital, tickets,
mail, a WeCom message, alerts, the beat schedule), then migrated by today's code; every
table keeps its row count and its first rows, under its new name where it moved. Runs on
the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), in a database
of its own.
"""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.test import override_settings

from hisops.core import crypto

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "ae12034"  # main before the layered layout (calendars, intake, vendors, numbering moved)
MOVED = {
    "core_businesscalendar": "calendars_businesscalendar",
    "core_calendaroverride": "calendars_calendaroverride",
    "contracts_vendor": "accounts_vendor",
    "contracts_vendorqualification": "accounts_vendorqualification",
    "notify_wecomapp": "intake_wecomapp",
    "notify_inbound": "intake_inbound",
    "notify_mailbox": "intake_mailbox",
    "tickets_ticketnumber": "core_sequence",
}
# Django's own bookkeeping grows with the new app labels (their content types and
# permissions); the beat entry of the mailbox poll is renamed on purpose (checked below).
BOOKKEEPING = {"auth_permission", "django_content_type"}
RENAMED_ROWS = {"django_celery_beat_periodictask"}
PROBE = Path(__file__).with_name("layout_probe.py")


def migrated(table: str, row: dict) -> dict:
    """A row as the data migrations since BEFORE are meant to leave it: a 0-minute target
    (the old 立即响应) became immediate with 15 minutes' grace (contracts 0009), and its
    running clocks moved on by those 15 minutes (tickets 0013); seed 001's twelve
    inspections a year became one a month (contracts 0011)."""
    row = dict(row)
    if table == "contracts_slatarget" and str(row.get("duration")) == "0":
        row["duration"] = "15" if isinstance(row["duration"], str) else 15
    if table == "contracts_serviceitem" and str(row.get("response_duration")) == "0":
        row["response_duration"] = "15" if isinstance(row["response_duration"], str) else 15
    if (
        table == "contracts_quota"
        and row.get("code") == "inspection"
        and str(row.get("limit")) == "12"
    ):
        row["limit"] = (
            "1" if isinstance(row["limit"], str) else 1
        )  # 12 a year → 1 a month (contracts 0011)
    if table == "tickets_slaclock" and str(row.get("duration_minutes")) == "0":
        for moved in ("duration_minutes", "due_at", "warn_at", "breached"):
            row.pop(moved)
    return row


MAIL = ROOT / "tests" / "intake" / "mail"


def _old_source(into: Path) -> Path:
    try:
        archive = subprocess.run(
            ["git", "archive", BEFORE, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"git cannot read commit {BEFORE} (a shallow clone?): {exc.stderr.decode()}")
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _database(tmp_path: Path):
    """A database of this test's own: a SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'layout.sqlite3'}", lambda: None
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    name = f"hisops_layout_{uuid.uuid4().hex[:8]}"
    admin = dict(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                 password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)  # fmt: skip
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


def _run(src: Path, home: Path, db: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(src), "HISOPS_HOME": str(home), "DATABASE_URL": db}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def test_moving_models_between_apps_keeps_every_row(tmp_path):
    old = _old_source(tmp_path / "before")
    new = ROOT / "src"
    home = tmp_path / "home"
    db, drop = _database(tmp_path)
    try:
        _run(old, home, db, str(PROBE), "fill", str(MAIL))
        before = json.loads(_run(old, home, db, str(PROBE), "dump"))
        _run(
            new,
            home,
            db,
            "-m",
            "django",
            "migrate",
            "--no-input",
            "--settings",
            "hisops.config.settings",
        )
        after = json.loads(_run(new, home, db, str(PROBE), "dump"))
    finally:
        drop()

    assert before["tickets_ticket"]["count"] >= 3 and before["monitoring_alert"]["count"] >= 3
    assert before["notify_inbound"]["count"] >= 2 and before["core_calendaroverride"]["count"] > 100
    # Secrets come out of the migration encrypted (SM4-GCM, the key in HISOPS_HOME) and open
    # to the values they were.
    keys = (home / "data-keys").read_text().strip().replace("\n", ",")
    encrypted = [v for r in after["monitoring_hook"]["rows"] for k, v in r.items() if k == "token"]
    assert encrypted and all(v.startswith(crypto.PREFIX) for v in encrypted)
    with override_settings(HISOPS_DATA_KEYS=keys):
        for table in after.values():
            for row in table["rows"]:
                row.update(
                    {
                        k: crypto.decrypt(v)
                        for k, v in row.items()
                        if isinstance(v, str) and v.startswith(crypto.PREFIX)
                    }
                )
    for table, seen in before.items():
        if table in BOOKKEEPING:
            continue
        now = after.get(MOVED.get(table, table))
        assert now is not None, f"{table} is gone"
        assert now["count"] == seen["count"], (
            f"{table}: {seen['count']} rows before, {now['count']} after"
        )
        if table in RENAMED_ROWS:
            continue
        for old_row, new_row in zip(seen["rows"], now["rows"], strict=True):
            old_row = migrated(table, old_row)
            if new_row.get(
                "private"
            ):  # tickets 0017: masked in place, the clear values kept encrypted
                new_row = {**new_row, **json.loads(new_row["private"])}
            shared = old_row.keys() & new_row.keys()
            assert {k: old_row[k] for k in shared} == {k: new_row[k] for k in shared}, table
    for table in MOVED:
        assert table not in after, f"{table} should have been renamed"
    beat = {r["name"]: r["task"] for r in after["django_celery_beat_periodictask"]["rows"]}
    assert beat.get("intake-mailboxes") == "hisops.intake.tasks.poll_mailboxes"
    assert "notify-mailboxes" not in beat


@pytest.mark.django_db
def test_stored_cause_labels_become_codes_and_other_text_is_kept(it_admin, hospital):
    """tickets 0010: labels stored in either language become codes; free text is kept."""
    from importlib import import_module

    from django.apps import apps

    from hisops.tickets.models import Ticket
    from hisops.tickets.services import ticket_create

    migration = import_module("hisops.tickets.migrations.0010_cause_category_codes")
    stored = {"软件缺陷": "software", "Operation / training": "operation", "网络设备老化": "other"}
    tickets = {}
    for label in stored:
        ticket = ticket_create(actor=it_admin, hospital=hospital, title=label, channel="phone")
        Ticket.objects.filter(pk=ticket.pk).update(cause_category=label, resolution="已处理")
        tickets[label] = ticket
    migration.to_codes(apps, None)
    for label, code in stored.items():
        ticket = Ticket.objects.get(pk=tickets[label].pk)
        assert ticket.cause_category == code
        kept = "（原因分类：网络设备老化）" in ticket.resolution
        assert kept == (code == "other")
