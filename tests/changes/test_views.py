"""The change pages: written by the vendor, signed, approved, scheduled and released by
the hospital, seen on the calendar, the item's page and the ticket's page."""

import pytest
from django.test import Client

from hisops.changes.models import Change
from hisops.tickets.services import ticket_create

from .test_changes import (  # noqa: F401 - fixtures
    WHOLE,
    emr,
    people,
    year_2027,
)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_change_walks_through_its_pages(people, emr, year_2027):  # noqa: F811
    ticket = ticket_create(
        actor=people["admin"], hospital=emr.hospital, title="病历保存偶发超时", item=emr
    )
    vendor, it, admin = (signed_in(people[k]) for k in ("vendor", "engineer", "admin"))
    made = vendor.post(
        "/changes/new/",
        {"title": "电子病历 5.2 升级", "kind": "upgrade", "items": [emr.pk], **WHOLE},
    )
    assert made.status_code == 302, made.content.decode()[:3000]
    change = Change.objects.get()
    change.tickets.add(ticket)
    page = f"/changes/{change.number}/"
    assert vendor.post(page, {"action": "submit"}).status_code == 302
    change.refresh_from_db()
    assert change.status == "submitted"
    vendor.post(
        page, {"action": "test", "kind": "functional", "result": "passed", "notes": "全部通过"}
    )
    assert "do-sign_test" not in vendor.get(page).content.decode()  # never offered to the vendor
    it.post(page, {"action": "sign_test"})
    admin.post(page, {"action": "approve"})
    it.post(page, {"action": "schedule", "start": "2027-03-02T20:00", "end": "2027-03-02T22:00"})
    change.refresh_from_db()
    assert change.status == "scheduled"
    calendar = it.get("/changes/calendar/?month=2027-03").content.decode()
    assert change.number in calendar and 'data-day="2027-03-02"' in calendar
    vendor.post(page, {"action": "start"})
    it.post(page, {"action": "release", f"version_{emr.pk}": "5.2"})
    change.refresh_from_db()
    emr.refresh_from_db()
    assert change.status == "released" and emr.version == "5.2"
    detail = it.get(page).content.decode()
    assert "已发布" in detail and "更新历史" in detail
    assert change.number in it.get(f"/catalog/{emr.pk}/").content.decode()
    assert change.number in it.get(f"/tickets/{ticket.number}/").content.decode()


def test_an_incomplete_submission_says_what_is_missing_in_words(people, emr):  # noqa: F811
    vendor = signed_in(people["vendor"])
    vendor.post(
        "/changes/new/",
        {"title": "补丁", "kind": "patch", "items": [emr.pk], **{**WHOLE, "risks": ""}},
    )
    change = Change.objects.get()
    answer = vendor.post(
        f"/changes/{change.number}/", {"action": "submit"}, follow=True
    ).content.decode()
    assert "风险及注意事项" in answer and "risks" not in answer


def test_a_freeze_window_is_set_on_the_calendar_by_the_it_admin_only(people, emr):  # noqa: F811
    form = {"name": "月末医保结算", "start": "2027-03-30T00:00", "end": "2027-04-02T00:00"}
    signed_in(people["engineer"]).post("/changes/calendar/", form)
    from hisops.changes.models import FreezeWindow

    assert not FreezeWindow.objects.exists()
    signed_in(people["admin"]).post("/changes/calendar/?month=2027-03", form)
    assert FreezeWindow.objects.get().name == "月末医保结算"
    page = signed_in(people["engineer"]).get("/changes/calendar/?month=2027-03").content.decode()
    assert "月末医保结算" in page
