"""Pages keep working under the Content-Security-Policy (scripts from this site only): no
violation on the pages people use, and the behaviours that used inline handlers work."""

import pytest
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.tickets.models import Ticket

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""


def violations(page) -> list:
    return page.evaluate("window.__csp")


def test_the_pages_people_use_raise_no_policy_violation(open_page):
    load_demo()
    ticket = Ticket.objects.first()
    page = open_page()
    page.add_init_script(WATCH)
    login(page, "itadmin", data.PASSWORD)
    for path in ("/", "/tickets/", f"/tickets/{ticket.number}/", f"/tickets/{ticket.number}/sheet/",
                 "/catalog/", "/contracts/", "/monitoring/", "/oncall/", "/tickets/report/"):  # fmt: skip
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    # The behaviours moved out of inline handlers still work: the report page's search …
    page.goto("/tickets/report/")
    page.get_by_test_id("system-picker").get_by_role("searchbox").fill("护士站")
    expect(page.get_by_test_id("system-picker").locator("[data-heading]:visible")).to_have_count(0)
    # … the language menu, and ticking every ticket in the queue.
    page.goto("/tickets/")
    page.locator("thead [data-check-all]").check()
    boxes = page.locator("input[name=numbers]")
    assert boxes.count() > 0 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.locator("select[name=language]").select_option("en")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert violations(page) == []
