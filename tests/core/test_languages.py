"""Every page a person reads is in the user's language: under English no Chinese comes from
code or templates (the data here is ASCII, so any CJK on a page is a stray literal or an
eagerly translated label), and under Chinese the same pages render."""

import re

import pytest
from django.test import Client

from hisops.core.capabilities import Role
from hisops.tickets.services import ticket_comment, ticket_create

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+")
# Text a page marks as Chinese on purpose (the language menu's own name for Chinese, the
# Chinese column headers an import file must have) is not a stray.
MARKED_CHINESE = re.compile(r'<(\w+)\b[^>]*\blang="zh-hans"[^>]*>.*?</\1>', re.S)

PAGES = {
    Role.IT_ADMIN: [
        "/", "/tickets/", "/tickets/new/", "/tickets/onsite/", "/problems/", "/problems/new/",
        "/catalog/", "/catalog/new/", "/catalog/import/", "/contracts/", "/calendars/",
        "/monitoring/", "/notifications/", "/notifications/channels/", "/intake/",
        "/oncall/", "/oncall/mine/", "/oncall/chains/",
    ],
    Role.CLINICIAN: ["/tickets/report/"],  # "/" leads here
    Role.AUDIT_ADMIN: ["/audit/"],
}  # fmt: skip


@pytest.fixture
def ascii_hospital(hospital):
    hospital.name = "General Hospital"
    hospital.save(update_fields=["name"])
    return hospital


def _pages(make_user, ascii_hospital, language):
    admin = make_user(Role.IT_ADMIN, username="admin", full_name="Ada Admin")
    ticket = ticket_create(
        actor=admin, hospital=ascii_hospital, title="Printer jammed", channel="phone"
    )
    ticket_comment(actor=admin, ticket=ticket, text="Called back")
    for role, paths in PAGES.items():
        user = (
            admin
            if role == Role.IT_ADMIN
            else make_user(role, username=f"u-{role}", full_name="Someone")
        )
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        for path in [*paths, *([f"/tickets/{ticket.number}/"] if role == Role.IT_ADMIN else [])]:
            response = client.get(path)
            assert response.status_code == 200, (role, path, response.status_code)
            yield role, path, response.content.decode()


def test_no_chinese_on_any_page_under_english(make_user, ascii_hospital):
    stray = {}
    for _role, path, body in _pages(make_user, ascii_hospital, "en"):
        page = body.split("<body", 1)[-1]  # the <html lang> itself is not content
        found = set(CJK.findall(MARKED_CHINESE.sub("", page)))
        if found:
            stray[path] = sorted(found)
    assert stray == {}, "\n".join(f"{path}: {' '.join(words)}" for path, words in stray.items())


def test_every_page_speaks_chinese_under_chinese(make_user, ascii_hospital):
    for role, path, body in _pages(make_user, ascii_hospital, "zh-hans"):
        assert 'lang="zh-hans"' in body and CJK.search(body), (role, path)


def test_refusals_and_errors_are_pages_in_the_products_layout(make_user, ascii_hospital, rf):
    from django.views.defaults import server_error

    clinician = make_user(Role.CLINICIAN, username="nurse")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(clinician)
    refused = client.get("/contracts/")
    missing = client.get("/tickets/INC-2099-999999/")
    assert refused.status_code == 403 and missing.status_code == 404
    for response, words in ((refused, "无权"), (missing, "不存在")):
        body = response.content.decode()
        assert 'data-testid="error-page"' in body and "navbar" in body and words in body
    broken = server_error(rf.get("/"))
    assert broken.status_code == 500 and b'data-testid="error-page"' in broken.content
