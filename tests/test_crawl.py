"""Every link a person is shown leads somewhere they may go: for each demo role, a crawl
from the home page follows every link on every page it reaches (within this site) and
requires 200."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from hisops.accounts.models import User
from hisops.demo import data
from hisops.demo.loader import load_demo

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = (
    "/logout/",
    "/admin/",
    "/api/",
    "/static/",
    "/i18n/",
    "/hooks/",
    "javascript:",
    "tel:",
    "mailto:",
)
LIMIT = 120  # pages per role: enough to reach every kind of page, not every record


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def crawl(user) -> tuple[dict[str, tuple], set[str]]:
    """{url: (status, the page that linked it)} for every link that did not answer 200,
    and the pages reached (home may send a role on to its own home page)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    seen, queue, broken, came_from = set(), ["/"], {}, {}
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if url == "/" and response.status_code == 302:  # a clinician's home is 报修
            queue.append(response["Location"])
            continue
        if response.status_code != 200:
            broken[url] = (response.status_code, came_from.get(url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.netloc or not href.startswith("/") or href.startswith(SKIP):
                continue
            if href not in seen:
                queue.append(href)
                came_from.setdefault(href, url)
    return broken, seen


@pytest.mark.parametrize("username", [u[0] for u in data.USERS])
def test_every_link_a_role_is_shown_answers_200(demo, username):
    broken, reached = crawl(User.objects.get(username=username))
    assert broken == {}
    assert len(reached) >= 5, reached  # the crawl really went somewhere
