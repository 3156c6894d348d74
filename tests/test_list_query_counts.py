"""Every list page and API list costs a fixed number of statements: the baseline below, and
the same again after more rows arrive. A change that adds a query per row (or a query
per page for no reason) fails here with the count."""

import json
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from hisops.accounts.services import team_create
from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM, Role
from hisops.monitoring.services import hook_create, payload_accept, payload_process
from hisops.notify.services import channel_create, notification_send
from hisops.oncall.services import rotation_generate
from hisops.problems.services import problem_create

from .factories import ContractFactory, ItemFactory, TicketFactory, VendorFactory
from .querycount import assert_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hospital, make_user):
    """A hospital with a few of everything, and the people who read the lists."""
    people = {role: make_user(role) for role in (Role.IT_ADMIN, Role.AUDIT_ADMIN)}
    vendor = VendorFactory(hospital=hospital)
    people[Role.VENDOR_ENGINEER] = make_user(Role.VENDOR_ENGINEER, vendor=vendor)
    admin = people[Role.IT_ADMIN]
    team = team_create(actor=SYSTEM, hospital=hospital, name="信息科值班", members=[admin])
    hook = hook_create(actor=SYSTEM, hospital=hospital, kind="alertmanager")
    channel_create(
        actor=SYSTEM,
        hospital=hospital,
        kind="webhook",
        name="值班群",
        target="http://127.0.0.1:9/x",
    )
    state = {"n": 0, "team": team, "hook": hook}

    def more():
        """Three more rows of every list."""
        for _ in range(3):
            state["n"] += 1
            n = state["n"]
            item = ItemFactory(hospital=hospital, vendor=vendor)
            ContractFactory(hospital=hospital, vendor=vendor, items=[item])
            TicketFactory(hospital=hospital, item=item, level_code="2")
            problem_create(actor=admin, hospital=hospital, title=f"问题{n}", item=item)
            notification_send(hospital=hospital, recipients=[admin], kind="ticket_created",
                              key=f"qc:{n}", title=f"新工单{n}", url="/tickets/")  # fmt: skip
            audit_record(
                actor=admin,
                action="tests.touch",
                hospital=hospital,
                object_type="test",
                object_id=n,
            )
            body = {"alerts": [{"status": "firing", "labels": {"alertname": f"A{n}", "severity": "critical"},
                                "startsAt": "2026-11-30T08:00:00+08:00", "fingerprint": f"fp{n}"}]}  # fmt: skip
            payload_process(payload_id=payload_accept(hook=hook, body=json.dumps(body).encode()).pk)
        rotation_generate(
            actor=SYSTEM, team=team, people=[admin], first_day=date(2026, 12, state["n"]), days=1
        )

    more()
    return people, more


# (who reads it, path, statements): absolute baselines, pinned.
LISTS = [
    (Role.IT_ADMIN, "/tickets/", 15),
    (Role.IT_ADMIN, "/api/v1/tickets/", 7),
    (Role.VENDOR_ENGINEER, "/api/v1/tickets/", 7),
    (Role.IT_ADMIN, "/catalog/", 8),
    (Role.IT_ADMIN, "/api/v1/catalog/items/", 5),
    (Role.IT_ADMIN, "/contracts/", 9),
    (Role.IT_ADMIN, "/api/v1/contracts/", 5),
    (Role.IT_ADMIN, "/problems/", 6),
    (Role.IT_ADMIN, "/api/v1/problems/", 5),
    (Role.IT_ADMIN, "/notifications/", 6),
    (Role.IT_ADMIN, "/notifications/channels/", 6),
    (Role.IT_ADMIN, "/oncall/", 10),
    (Role.IT_ADMIN, "/monitoring/", 10),
    (Role.AUDIT_ADMIN, "/audit/", 13),
]


@pytest.mark.parametrize(("role", "path", "expected"), LISTS, ids=[f"{r}:{p}" for r, p, _ in LISTS])
def test_a_list_costs_the_same_statements_however_many_rows(world, role, path, expected):
    people, more = world
    client = Client()
    client.force_login(people[role])

    def page():
        cache.clear()  # the cold path: list totals are cached between writes
        response = client.get(path)
        assert response.status_code == 200
        return response

    assert_queries(page, expected=expected, grow=more, what=path)
