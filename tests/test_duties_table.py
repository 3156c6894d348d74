"""Separation of duties, as an assessor probes it: every demo account against every API
list, with what it must get. "403": refused; "none": answered, but nothing to see;
"rows": it sees records. The audit and security administrators read no tickets,
contracts or problems; only they read the audit log, and only the security admin manages
accounts and access reviews; a clinician sees her department's
tickets and no contracts; vendors see their own."""

import pytest
from rest_framework.test import APIClient

from hisops.accounts.models import User
from hisops.demo.loader import load_demo

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "audit/events",
    "contracts",
    "tickets",
    "problems",
    "vendors",
    "catalog/items",
    "calendars",
    "users",
    "access-reviews",
    "changes",
    "documents",
)
# username: expected answer per endpoint, in ENDPOINTS' order.
TABLE = {
    "itadmin":   ("403", "rows", "rows", "rows", "rows", "rows", "rows", "403", "403", "rows", "rows"),
    "engineer":  ("403", "rows", "rows", "rows", "rows", "rows", "rows", "403", "403", "rows", "rows"),
    "leader":    ("403", "rows", "rows", "rows", "rows", "rows", "rows", "403", "403", "rows", "rows"),
    "nurse":     ("403", "none", "rows", "none", "rows", "rows", "rows", "403", "403", "none", "none"),
    "vendorpm":  ("403", "rows", "rows", "rows", "rows", "rows", "rows", "403", "403", "rows", "rows"),
    "vendoreng": ("403", "rows", "rows", "rows", "rows", "rows", "rows", "403", "403", "rows", "rows"),
    "dbaeng":    ("403", "rows", "none", "none", "rows", "rows", "rows", "403", "403", "none", "none"),
    "secadmin":  ("none", "none", "none", "none", "rows", "rows", "rows", "rows", "none", "none", "none"),  # the audit admins did nothing yet
    "auditor":   ("rows", "none", "none", "none", "rows", "rows", "rows", "403", "403", "none", "none"),
}  # fmt: skip


def answer(client, endpoint: str) -> str:
    response = client.get(f"/api/v1/{endpoint}/")
    if response.status_code != 200:
        return str(response.status_code)
    body = response.json()
    count = body.get("count", 0) if isinstance(body, dict) else len(body)
    return "rows" if count else "none"


def test_every_account_gets_exactly_what_its_duty_allows():
    load_demo()
    found = {}
    for username in TABLE:
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        found[username] = tuple(answer(client, endpoint) for endpoint in ENDPOINTS)
    assert found == TABLE


def test_the_vendors_see_only_their_own_contracts():
    load_demo()
    seen = {}
    for username in ("vendorpm", "dbaeng"):
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        seen[username] = {
            c["vendor_name"] for c in client.get("/api/v1/contracts/").json()["results"]
        }
    assert seen == {"vendorpm": {"康联医疗软件有限公司"}, "dbaeng": {"数安数据库技术服务有限公司"}}


PAGES = (
    "/audit/",
    "/security/users/",
    "/security/access-reviews/",
    "/security/password-policy/",
    "/monitoring/",
    "/intake/",
    "/contracts/",
    "/tickets/",
)
# username: the status each page answers, in PAGES' order (200 open, 403 refused).
PAGE_TABLE = {
    "itadmin":   (403, 403, 403, 403, 200, 200, 200, 200),
    "engineer":  (403, 403, 403, 403, 403, 403, 200, 200),
    "leader":    (403, 403, 403, 403, 403, 403, 200, 200),
    "nurse":     (403, 403, 403, 403, 403, 403, 403, 200),
    "vendorpm":  (403, 403, 403, 403, 403, 403, 200, 200),
    "vendoreng": (403, 403, 403, 403, 403, 403, 200, 200),
    "secadmin":  (200, 200, 200, 200, 403, 403, 403, 403),
    "auditor":   (200, 403, 403, 403, 403, 403, 403, 403),
}  # fmt: skip


def test_every_account_opens_exactly_the_pages_its_duty_allows():
    from django.test import Client

    load_demo()
    found = {}
    for username in PAGE_TABLE:
        client = Client()
        client.force_login(User.objects.get(username=username))
        found[username] = tuple(client.get(page).status_code for page in PAGES)
    assert found == PAGE_TABLE
