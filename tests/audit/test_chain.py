"""The audit log is tamper-evident: every row is sealed onto its hospital's hash chain when
its transaction commits, `hisops audit verify` recomputes the chains and names the first
broken row, and on PostgreSQL the database refuses to change or delete a row."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from hisops.audit.chain import chain_verify, chains_seal
from hisops.audit.models import AuditEvent
from hisops.audit.services import audit_record
from hisops.core.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(django_capture_on_commit_callbacks, it_admin, hospital, other_hospital):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            audit_record(actor=it_admin, action="tests.step", hospital=hospital, object_repr=f"第{n}步",
                         changes={"n": [n, n + 1]})  # fmt: skip
        audit_record(actor=None, action="tests.elsewhere", hospital=other_hospital)
        audit_record(actor=None, action="tests.platform")
    return list(AuditEvent.objects.filter(hospital=hospital).order_by("sequence"))


def test_rows_are_sealed_in_order_on_their_hospitals_chain(history):
    assert [e.sequence for e in history] == [1, 2, 3, 4, 5]
    assert all(e.hash and e.prev_hash for e in history)
    assert history[1].prev_hash == history[0].hash
    assert AuditEvent.objects.get(action="tests.platform").sequence == 1  # the platform's own chain
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK")


def _raw(sql: str, params=()):
    """What someone with database access (not the application) would do."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'", reason="the trigger refuses it (tested below)"
)
def test_an_edited_row_is_named(history):
    _raw("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["第9步", history[2].pk])
    verdict = chain_verify()
    assert not verdict.ok and verdict.broken.pk == history[2].pk and "changed" in verdict.reason
    with pytest.raises(CommandError, match=f"row {history[2].pk}"):
        call_command("audit", "verify", stdout=StringIO())


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'", reason="the trigger refuses it (tested below)"
)
def test_a_deleted_row_and_a_planted_row_are_named(history, hospital):
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [history[1].pk])
    verdict = chain_verify()
    assert not verdict.ok and verdict.broken.pk == history[2].pk and "missing" in verdict.reason


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_a_row(history):
    for sql in (
        "UPDATE audit_auditevent SET message = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(Exception, match="audit events cannot be"), transaction.atomic():
            _raw(sql, [history[0].pk])
    assert chain_verify().ok


def test_the_application_cannot_rewrite_the_log_either(history, it_admin):
    from hisops.audit.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=history[0].pk).update(message="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=history[0].pk).delete()
    with pytest.raises((ProtectedError, IntegrityError)):  # the account is disabled, never deleted
        it_admin.delete()


def test_rows_left_unsealed_by_a_crash_are_sealed_by_the_sweep(it_admin, hospital):
    audit_record(actor=it_admin, action="tests.unsealed", hospital=hospital)  # no commit hook ran
    assert AuditEvent.objects.get(action="tests.unsealed").hash == ""
    assert chains_seal() == 1
    assert chain_verify().ok


def test_the_check_tells_the_audit_admins_of_a_break(history, make_user, hospital):
    from hisops.notify.models import Notification
    from hisops.ops.tasks import audit_chain_check

    make_user(Role.AUDIT_ADMIN)
    assert audit_chain_check() is True
    if connection.vendor != "postgresql":
        _raw("UPDATE audit_auditevent SET message = 'x' WHERE id = %s", [history[0].pk])
        assert audit_chain_check() is False
        assert Notification.objects.filter(kind="audit_chain_broken").exists()


def test_the_audit_api_filters_and_never_shows_the_readers_own_actions(
    api, history, make_user, it_admin
):
    auditor = make_user(Role.AUDIT_ADMIN)
    client = api(auditor)
    body = client.get(
        "/api/v1/audit/events/", {"action": "tests.step", "actor": it_admin.username}
    ).json()
    assert body["count"] == 5 and body["results"][0]["hash"] and body["results"][0]["action_words"]
    assert (
        client.get("/api/v1/audit/events/", {"from": "2020-01-01", "to": "2020-01-02"}).json()[
            "count"
        ]
        == 0
    )
    assert client.get("/api/v1/audit/events/", {"from": "yesterday"}).status_code == 400
    assert client.get("/api/v1/audit/events/", {"success": "false"}).json()["count"] == 0
    mine = [r["actor"] for r in client.get("/api/v1/audit/events/").json()["results"]]
    assert auditor.username not in mine  # the token it used is its own action: not shown to it
    assert api(it_admin).get("/api/v1/audit/events/").status_code == 403
    assert client.delete("/api/v1/audit/events/1/").status_code in (404, 405)


def test_the_audit_admin_sees_platform_events_and_nobody_their_own(
    django_capture_on_commit_callbacks, make_user
):
    from django.contrib.auth import get_user_model

    from hisops.audit.selectors import audit_event_list

    root = get_user_model().objects.create_superuser("root", password="x")
    auditor = make_user(Role.AUDIT_ADMIN)
    audit_record(actor=None, action="core.backup.restore")  # a platform event, no hospital
    audit_record(actor=root, action="tests.root_did")
    assert audit_event_list(user=auditor).filter(action="core.backup.restore").exists()
    assert audit_event_list(user=auditor).filter(action="tests.root_did").exists()
    assert not audit_event_list(user=root).filter(action="tests.root_did").exists()  # not even root
