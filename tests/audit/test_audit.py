import pytest
from django.urls import reverse

from hisops.audit.models import AppendOnlyError, AuditEvent
from hisops.audit.selectors import audit_event_list
from hisops.audit.services import audit_record
from hisops.catalog import services as catalog
from hisops.core.capabilities import Role

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted(it_admin):
    event = audit_record(actor=it_admin, action="test.action")
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.action == "test.action"


def test_audit_event_is_rolled_back_with_a_failed_transaction(it_admin, hospital):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        catalog.item_create(actor=it_admin, hospital=hospital, code="X", name="X", kind="system")
        raise RuntimeError("boom")
    assert not AuditEvent.objects.exists()


def test_separation_of_duties_in_reading_the_log(make_user, hospital):
    it_admin = make_user(Role.IT_ADMIN)
    auditor = make_user(Role.AUDIT_ADMIN)
    other_auditor = make_user(Role.AUDIT_ADMIN)
    security = make_user(Role.SECURITY_ADMIN)
    for actor in (it_admin, auditor, other_auditor, security):
        audit_record(actor=actor, action=f"did.{actor.role}", hospital=hospital)

    def seen_by(user):
        return {e.actor_username for e in audit_event_list(user=user)}

    # The audit admin reviews everyone but audit admins; the security admin reviews the audit admins.
    assert seen_by(auditor) == {it_admin.username, security.username}
    assert seen_by(security) == {auditor.username, other_auditor.username}
    assert seen_by(it_admin) == set()


def test_audit_log_stays_inside_the_hospital(make_user, hospital, other_hospital):
    auditor = make_user(Role.AUDIT_ADMIN)
    audit_record(actor=None, action="elsewhere", hospital=other_hospital)
    audit_record(actor=None, action="here", hospital=hospital)
    assert [e.action for e in audit_event_list(user=auditor)] == ["here"]


def test_audit_page_is_for_auditors_only(client, make_user):
    client.force_login(make_user(Role.IT_ADMIN))
    assert client.get(reverse("audit:event_list")).status_code == 403
    client.force_login(make_user(Role.AUDIT_ADMIN))
    assert client.get(reverse("audit:event_list")).status_code == 200


def test_the_api_offers_no_way_to_touch_the_log(api, make_user):
    client = api(make_user(Role.AUDIT_ADMIN))
    assert client.get("/api/v1/audit/").status_code == 404
    assert client.delete("/api/v1/audit/1/").status_code == 404
