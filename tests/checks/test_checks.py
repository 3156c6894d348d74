"""Automated checks against real peers on loopback: an HTTP server, a TCP listener,
PostgreSQL (read-only: a write is refused), an MLLP listener answering AA then AE, a backup
folder. A failing check opens one incident on its item; repeats and a second failing check
on the item join it; a recovery annotates and, if asked, resolves it."""

import os
import socket
import time
from datetime import timedelta

import psycopg
import pytest
from django.utils import timezone

from hisops.checks import services
from hisops.checks.models import Check
from hisops.checks.probes import compare
from hisops.checks.selectors import interface_daily
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.tickets.models import Ticket

from .peers import free_port, http_server, https_server, mllp_listener

pytestmark = pytest.mark.django_db
PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def make(item, kind, target, **extra):
    return services.check_create(actor=SYSTEM, hospital=item.hospital, name=extra.pop("name", f"{kind} 检查"),
                                 kind=kind, target=target, item=item, **extra)  # fmt: skip


def test_http_status_text_and_latency(his):
    with http_server() as base:
        ok = services.check_run(
            actor=SYSTEM, check=make(his, "http", f"{base}/ok", params={"expect_text": "正常"})
        )
        down = services.check_run(
            actor=SYSTEM, check=make(his, "http", f"{base}/down", name="维护页")
        )
        slow = services.check_run(actor=SYSTEM, check=make(his, "http", f"{base}/slow", name="慢",
                                                           params={"max_latency_ms": 100}))  # fmt: skip
    assert ok.ok and ok.duration_ms >= 0 and "200" in ok.message
    assert not down.ok and "503" in down.message
    assert not slow.ok and "100" in slow.message


def test_https_certificate_expiry(his, tmp_path):
    with https_server(tmp_path, days_left=10) as (base, ca_file):
        params = {"ca_file": ca_file, "expect_text": "正常"}
        soon = make(his, "http", f"{base}/ok", params={**params, "cert_days": 30}, name="证书")
        result = services.check_run(actor=SYSTEM, check=soon)
        assert not result.ok and "10" in result.message
        fine = make(his, "http", f"{base}/ok", params={**params, "cert_days": 7}, name="证书 7 天")
        assert services.check_run(actor=SYSTEM, check=fine).ok
        untrusted = make(his, "http", f"{base}/ok", name="不受信任")
        result = services.check_run(actor=SYSTEM, check=untrusted)
        assert not result.ok and "CERTIFICATE" in result.message.upper()


def test_tcp_connect_and_a_closed_port(his):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        open_port = listener.getsockname()[1]
        assert services.check_run(actor=SYSTEM, check=make(his, "tcp", f"127.0.0.1:{open_port}")).ok
    finally:
        listener.close()
    closed = services.check_run(
        actor=SYSTEM, check=make(his, "tcp", f"127.0.0.1:{free_port()}", name="关")
    )
    assert not closed.ok and closed.message


def test_hl7_over_mllp_aa_then_ae(his):
    with mllp_listener(answers=("AA", "AE")) as (port, received):
        check = make(his, "hl7_mllp", f"127.0.0.1:{port}")
        first = services.check_run(actor=SYSTEM, check=check)
        second = services.check_run(actor=SYSTEM, check=check)
    assert first.ok and "AA" in first.message
    assert not second.ok and "AE" in second.message and "应用错误" in second.message
    assert received[0].startswith("MSH|^~\\&|HISOPS|") and "NMQ^N01" in received[0]


@pytest.fixture
def scratch_table():
    """A table in the PostgreSQL the tests run beside, for a query that tries to write."""
    try:
        connection = psycopg.connect(PG, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.fail("PostgreSQL on 127.0.0.1:5432 is needed for the SQL check tests (see README)")
    name = f"hisops_check_{os.getpid()}"
    connection.execute(f"CREATE TABLE {name} (id int)")
    connection.execute(f"INSERT INTO {name} VALUES (1), (2)")
    yield connection, name
    connection.execute(f"DROP TABLE {name}")
    connection.close()


def test_sql_reads_compares_and_never_writes(his, scratch_table):
    connection, table = scratch_table
    source = services.data_source_create(actor=SYSTEM, hospital=his.hospital, name="HIS 库", engine="postgresql",
                                         url=PG)  # fmt: skip
    count = make(
        his, "sql", f"SELECT count(*) FROM {table}", source=source, params={"expect": ">= 2"}
    )
    assert services.check_run(actor=SYSTEM, check=count).ok
    over = make(
        his,
        "sql",
        f"SELECT count(*) FROM {table}",
        source=source,
        params={"expect": "<= 1"},
        name="多",
    )
    result = services.check_run(actor=SYSTEM, check=over)
    assert not result.ok and "2" in result.message and result.value == 2
    with pytest.raises(ValidationError) as refused:
        make(his, "sql", f"DELETE FROM {table}", source=source, name="删")
    assert "target" in refused.value.fields
    sneaky = make(his, "sql", f"WITH gone AS (DELETE FROM {table} RETURNING 1) SELECT count(*) FROM gone",
                  source=source, name="暗删")  # fmt: skip
    result = services.check_run(actor=SYSTEM, check=sneaky)
    assert not result.ok and "read-only" in result.message
    assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 2
    source.refresh_from_db()
    assert source.url == PG  # read back decrypted; stored encrypted (core.crypto's tests)


def test_backup_freshness(his, tmp_path):
    (tmp_path / "his_full_20270101.dmp").write_bytes(b"backup")
    fresh = make(
        his, "backup_freshness", str(tmp_path), params={"max_age_hours": 26, "pattern": "*.dmp"}
    )
    assert services.check_run(actor=SYSTEM, check=fresh).ok
    old = time.time() - 30 * 3600
    os.utime(tmp_path / "his_full_20270101.dmp", (old, old))
    stale = services.check_run(actor=SYSTEM, check=fresh)
    assert not stale.ok and "26" in stale.message
    missing = make(his, "backup_freshness", str(tmp_path), params={"pattern": "*.bak"}, name="无")
    assert not services.check_run(actor=SYSTEM, check=missing).ok


@pytest.mark.parametrize(
    ("kind", "target", "field"),
    [("http", "ftp://127.0.0.1/x", "target"), ("http", "https://his.hospital.cn/", "target"),
     ("tcp", "127.0.0.1", "target"), ("tcp", "10.1.2.3:1521", "target"), ("hl7_mllp", "not a target", "target"),
     ("backup_freshness", "relative/folder", "target"), ("sql", "SELECT 1", "source"), ("ping", "x", "kind")],
)  # fmt: skip
def test_bad_targets_are_refused_and_nothing_is_written(his, kind, target, field):
    with pytest.raises(ValidationError) as refused:
        make(his, kind, target)
    assert field in refused.value.fields
    assert not Check.objects.exists()


def test_only_it_manages_checks(his, make_user):
    vendor = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    with pytest.raises(PermissionDenied):
        services.check_create(actor=vendor, hospital=his.hospital, name="x", kind="tcp", target="127.0.0.1:1",
                              item=his)  # fmt: skip


def test_a_failing_check_opens_one_incident_that_others_join_and_recovery_resolves(his):
    with mllp_listener(answers=("AE", "AE", "AE", "AA")) as (port, _received):
        engine = make(
            his,
            "hl7_mllp",
            f"127.0.0.1:{port}",
            name="HIS→LIS 接口",
            level="2",
            resolve_incident=True,
        )
        services.check_run(actor=SYSTEM, check=engine)
        engine.refresh_from_db()
        incident = engine.ticket
        assert (
            incident.channel == "monitoring" and incident.item == his and incident.level.code == "2"
        )
        services.check_run(actor=SYSTEM, check=engine)  # a repeat: the same incident, nothing new
        port_check = make(his, "tcp", f"127.0.0.1:{free_port()}", name="HIS 端口")
        services.check_run(actor=SYSTEM, check=port_check)
        port_check.refresh_from_db()
        assert port_check.ticket == incident
        assert Ticket.objects.filter(channel="monitoring").count() == 1
        assert incident.events.filter(action="comment", note__contains="HIS 端口").exists()
        services.check_run(actor=SYSTEM, check=engine)  # AE again
        services.check_run(actor=SYSTEM, check=engine)  # AA: recovered, but the port still fails
    engine.refresh_from_db()
    incident.refresh_from_db()
    assert engine.ticket is None and incident.status not in ("resolved", "closed")
    assert incident.events.filter(action="comment", note__contains="HIS→LIS 接口").count() >= 1


def test_due_checks_run_concurrently_and_a_slow_one_holds_up_nobody(his):
    with http_server() as base, mllp_listener(silent=True) as (port, _received):
        slow = make(his, "hl7_mllp", f"127.0.0.1:{port}", name="不回应", timeout_seconds=2)
        fast = [make(his, "http", f"{base}/ok", name=f"页面{n}") for n in range(20)]
        started = time.perf_counter()
        ran = services.checks_run_due(now=timezone.now() + timedelta(seconds=1))
        elapsed = time.perf_counter() - started
    assert ran == 21 and elapsed < 4
    slow.refresh_from_db()
    assert slow.last_ok is False and slow.next_run_at > timezone.now()
    assert all(c.results.get().ok for c in fast)
    assert (
        services.checks_run_due(now=timezone.now() + timedelta(seconds=1)) == 0
    )  # not due again yet


def test_interface_speed_and_success_per_day(his):
    with mllp_listener(answers=("AA", "AE", "AA", "AA")) as (port, _received):
        check = make(his, "hl7_mllp", f"127.0.0.1:{port}")
        for _ in range(4):
            services.check_run(actor=SYSTEM, check=check)
    today = timezone.localdate()
    [day] = interface_daily(item=his, first=today, last=today)
    assert (
        day["runs"] == 4
        and day["passed"] == 3
        and day["success_rate"] == 0.75
        and day["mean_ms"] >= 0
    )


@pytest.mark.parametrize(("value", "expect", "met"), [(1, "1", True), (1, "= 1", True), (0.02, "<= 0.01", False),
                                                      (5, "> 3", True), ("OK", "OK", True), ("OK", "> 1", False)])  # fmt: skip
def test_expected_values(value, expect, met):
    assert compare(value, expect) is met


def test_a_paused_check_is_not_run_until_resumed(his):
    with http_server() as base:
        check = make(his, "http", f"{base}/ok")
        services.check_set_active(actor=SYSTEM, check=check, active=False)
        assert services.checks_run_due(now=timezone.now() + timedelta(minutes=5)) == 0
        services.check_set_active(actor=SYSTEM, check=check, active=True)
        assert services.checks_run_due(now=timezone.now() + timedelta(seconds=1)) == 1
    assert check.results.count() == 1
