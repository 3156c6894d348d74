"""Alert intake: each source's payload, duplicates changing nothing, storms grouped into
one incident, recoveries annotating (and, by rule, resolving) it, and a 10,000-alert burst
ending with exactly the right alerts and incidents."""

import json
import random
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from hisops.core.capabilities import SYSTEM
from hisops.monitoring.models import Alert, Payload
from hisops.monitoring.services import hook_create, hook_revoke, payloads_pending, rule_create
from hisops.tickets.models import Ticket
from hisops.tickets.services import TransitionInput, ticket_transition

pytestmark = pytest.mark.django_db


def am_alert(
    instance,
    status="firing",
    name="HostDown",
    severity="critical",
    start="2026-11-20T08:00:00Z",
    fp=None,
):
    return {
        "status": status, "labels": {"alertname": name, "instance": instance, "severity": severity},
        "annotations": {"summary": f"{instance} 无法访问"}, "startsAt": start,
        "endsAt": "2026-11-20T08:30:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
        "fingerprint": fp or f"fp-{name}-{instance}",
    }  # fmt: skip


def am_payload(*alerts, status="firing"):
    return {
        "version": "4",
        "groupKey": "{}:{}",
        "status": status,
        "receiver": "hisops",
        "alerts": list(alerts),
    }


@pytest.fixture
def am(hospital):
    return hook_create(actor=SYSTEM, hospital=hospital, kind="alertmanager", name="Prometheus")


def post(client, hook, body):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(hook.path, data=data, content_type="application/json")


def test_alertmanager_storm_is_one_incident_and_a_repeat_changes_nothing(client, hospital, his, am):
    rule_create(
        actor=SYSTEM,
        hospital=hospital,
        label="instance",
        pattern="his-db-*",
        item=his,
        levels={"critical": "1"},
    )
    storm = am_payload(*(am_alert(f"his-db-{n}") for n in range(3)))
    response = post(client, am, storm)
    assert response.status_code == 202 and response.json()["accepted"]
    assert Alert.objects.count() == 0  # the handler only stores
    payloads_pending()
    ticket = Ticket.objects.get()
    assert (
        ticket.item == his
        and ticket.channel == "monitoring"
        and ticket.level.code == "1"
        and ticket.major
    )
    assert Alert.objects.filter(ticket=ticket).count() == 3
    post(client, am, storm)  # Alertmanager re-sends the group every repeat_interval
    payloads_pending()
    assert Alert.objects.count() == 3 and Ticket.objects.count() == 1
    assert Payload.objects.filter(processed_at__isnull=True).count() == 0


def test_recovery_annotates_and_the_rule_may_resolve(client, hospital, his, am):
    rule_create(actor=SYSTEM, hospital=hospital, label="instance", pattern="his-app", item=his,
                levels={"warning": "3"}, resolve_incident=True)  # fmt: skip
    post(client, am, am_payload(am_alert("his-app", severity="warning")))
    payloads_pending()
    ticket = Ticket.objects.get()
    ticket_transition(actor=SYSTEM, ticket=ticket, data=TransitionInput(action="accept"))
    post(
        client,
        am,
        am_payload(am_alert("his-app", status="resolved", severity="warning"), status="resolved"),
    )
    payloads_pending()
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.resolution
    assert ticket.events.filter(action="comment", note__contains="HostDown").exists()
    alert = Alert.objects.get()
    assert alert.status == "resolved" and alert.ends_at is not None


def test_zabbix_problem_and_recovery(client, hospital, his):
    zabbix = hook_create(actor=SYSTEM, hospital=hospital, kind="zabbix")
    rule_create(actor=SYSTEM, hospital=hospital, label="host", pattern="HIS-DB01", item=his)
    problem = {"event_id": "88231", "status": "PROBLEM", "severity": "High", "host": "HIS-DB01",
               "name": "Oracle 表空间使用率 > 90%", "time": "2026.11.22 09:15:02", "tags": '[{"tag":"app","value":"his"}]'}  # fmt: skip
    post(client, zabbix, problem)
    post(client, zabbix, {**problem, "status": "RESOLVED", "recovery_time": "2026.11.22 09:40:00"})
    post(
        client, zabbix, {**problem, "status": "RESOLVED", "recovery_time": "2026.11.22 09:40:00"}
    )  # twice
    payloads_pending()
    alert = Alert.objects.get()
    assert alert.status == "resolved" and alert.labels == {"host": "HIS-DB01", "app": "his"}
    assert alert.starts_at == datetime(2026, 11, 22, 9, 15, 2, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert Ticket.objects.get().events.filter(action="comment").count() == 1


def test_grafana_and_generic_sources(client, hospital):
    grafana = hook_create(actor=SYSTEM, hospital=hospital, kind="grafana")
    generic = hook_create(actor=SYSTEM, hospital=hospital, kind="generic")
    post(client, grafana, {"receiver": "hisops", "status": "firing", "orgId": 1, "version": "1",
                           "alerts": [am_alert("pacs-01", name="PACSStorageLow", fp="g1")]})  # fmt: skip
    post(
        client,
        generic,
        {
            "key": "lis-queue-1",
            "status": "firing",
            "name": "LIS 接口队列积压",
            "severity": "warning",
        },
    )
    payloads_pending()
    names = set(Alert.objects.values_list("name", flat=True))
    assert names == {"PACSStorageLow", "LIS 接口队列积压"}
    assert (
        Ticket.objects.filter(item__isnull=True, channel="monitoring").count() == 2
    )  # no rule: grouped by name


def test_bad_input_and_revoked_hooks(client, hospital, am):
    assert post(client, am, b"{not json").status_code == 400
    assert client.get(am.path).status_code == 405
    assert (
        client.post(
            "/hooks/alertmanager/nope/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )
    post(client, am, {"alerts": "not a list"})  # JSON, but not Alertmanager's shape: kept, marked
    payloads_pending()
    assert "alerts" in Payload.objects.get().error and Alert.objects.count() == 0
    hook_revoke(actor=SYSTEM, hook=am)
    assert post(client, am, am_payload(am_alert("x"))).status_code == 404


def test_hooks_create_command_prints_token_and_path(hospital):
    out = StringIO()
    call_command(
        "hooks",
        "create",
        "--hospital",
        hospital.code,
        "--kind",
        "zabbix",
        "--name",
        "Zabbix 6",
        stdout=out,
    )
    text = out.getvalue()
    assert "token: " in text and "/hooks/zabbix/" in text


def test_a_burst_of_10000_alerts_loses_and_duplicates_nothing(client, hospital, his, lis, am):
    """500 posts of 20 alerts: 4,000 distinct alerts on 40 instances, each delivered 2-3
    times, in shuffled order; instances his-* and lis-* have rules, misc-* do not."""
    rule_create(actor=SYSTEM, hospital=hospital, label="instance", pattern="his-*", item=his)
    rule_create(actor=SYSTEM, hospital=hospital, label="instance", pattern="lis-*", item=lis)
    rng = random.Random(3)
    instances = [
        f"{prefix}-{n % 10}" for prefix in ("his", "lis", "misc", "misc") for n in range(1000)
    ]
    distinct = [
        am_alert(instance, name=f"Rule{n % 7}", fp=f"fp{n}",
                 start=f"2026-11-20T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z")
        for n, instance in enumerate(instances)
    ]  # fmt: skip
    deliveries = distinct * 2 + rng.sample(distinct, 2000)
    rng.shuffle(deliveries)
    assert len(deliveries) == 10_000
    for start in range(0, len(deliveries), 20):
        assert post(client, am, am_payload(*deliveries[start : start + 20])).status_code == 202
    assert payloads_pending(batch=1000) == 500
    assert Alert.objects.count() == 4000
    assert Alert.objects.values("key").distinct().count() == 4000
    assert Alert.objects.filter(ticket__isnull=True).count() == 0
    # One incident per item with rules (his, lis), one per alert name for the rest (7 names).
    assert (
        Ticket.objects.filter(item=his).count() == 1
        and Ticket.objects.filter(item=lis).count() == 1
    )
    assert Ticket.objects.filter(item__isnull=True).count() == 7


PROCESS = """
import django
django.setup()
from hisops.monitoring.services import payloads_pending
while payloads_pending(batch=20, chunk=5):
    pass
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: parallel processes share the database",
)
def test_workers_processing_at_once_store_each_alert_once_and_open_one_incident(hospital, his):
    import os
    import subprocess
    import sys

    from hisops.monitoring.services import payload_accept

    am = hook_create(actor=SYSTEM, hospital=hospital, kind="alertmanager")
    rule_create(actor=SYSTEM, hospital=hospital, label="instance", pattern="his-*", item=his)
    alerts = [am_alert(f"his-{n % 5}", fp=f"c{n}") for n in range(300)]
    rng = random.Random(9)
    for _ in range(60):
        payload_accept(hook=am, body=json.dumps(am_payload(*rng.sample(alerts, 20))).encode())
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hisops.config.settings",
           "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"}  # fmt: skip
    workers = [subprocess.Popen([sys.executable, "-c", PROCESS], env=env) for _ in range(3)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    sampled = {
        a["fingerprint"] for p in Payload.objects.all() for a in json.loads(p.body)["alerts"]
    }
    assert Alert.objects.count() == len(sampled)
    assert Payload.objects.filter(processed_at__isnull=True).count() == 0
    assert Ticket.objects.filter(item=his).count() == 1


def test_an_oversized_payload_is_refused_and_nothing_is_stored(client, am):
    body = json.dumps(am_payload(am_alert("x"))).encode()
    huge = body[:-1] + b"," + b'"pad": "' + b"x" * (1024 * 1024) + b'"}'
    response = post(client, am, huge)
    assert response.status_code == 400 and response.json()["code"] == "too_large"
    assert not Payload.objects.exists()


def test_hook_calls_over_the_limit_are_throttled_and_wrong_tokens_sooner(
    client, hospital, it_admin, settings
):
    """等保 入侵防范: a flood on one hook, or guessing addresses, gets 429 with Retry-After."""
    settings.HISOPS_HOOK_CALLS_PER_MINUTE, settings.HISOPS_HOOK_MISSES_PER_MINUTE = 3, 2
    hook = hook_create(actor=it_admin, hospital=hospital, kind="generic")
    answers = [client.post(hook.path, data={"title": "x"}, content_type="application/json").status_code
               for _ in range(4)]  # fmt: skip
    assert answers == [202, 202, 202, 429]
    guesses = [client.post(f"/hooks/generic/guess{n}/", data={}, content_type="application/json")
               for n in range(3)]  # fmt: skip
    assert [g.status_code for g in guesses] == [404, 404, 429]
    assert guesses[-1]["Retry-After"] == "60"
