"""Dashboards: every figure is a KPI or the count of the list its bar opens."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from hisops.calendars import periods
from hisops.core.capabilities import Role
from hisops.evaluations.kpis import display
from hisops.tickets.services import ticket_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_tickets(it_admin, his, lis):
    for item, level in ((his, "2"), (his, "3"), (his, "3"), (lis, "2")):
        ticket_create(
            actor=it_admin,
            hospital=item.hospital,
            title="门诊收费打印异常",
            item=item,
            level_code=level,
        )


def test_the_leaders_cards_are_this_months_kpis(api, make_user, open_tickets):
    leader = make_user(Role.LEADER)
    client = api(leader)
    board = client.get("/api/v1/dashboards/leader/").json()
    month = periods.containing("month", timezone.localdate()).key
    kpis = client.get("/api/v1/kpis/", {"period": month}).json()["kpis"]
    cards = {c["key"]: c for c in board["cards"]}
    assert cards["response_met_rate"]["value"] == display(
        "response_met_rate", kpis["response_met_rate"]
    )
    assert cards["open_tickets"]["value"] == "4"


def test_each_bar_opens_the_tickets_it_counted(api, make_user, open_tickets):
    client = api(make_user(Role.LEADER))
    chart = client.get("/api/v1/dashboards/leader/").json()["charts"]["open_by_level"]
    bars = chart["option"]["series"][0]["data"]
    assert sum(bars) == 4
    for count, link in zip(bars, chart["links"], strict=True):
        query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
        assert client.get("/api/v1/tickets/", query).json()["count"] == count


def test_a_vendor_manager_sees_only_their_contracts(api, make_user, his, open_tickets):
    client = api(make_user(Role.VENDOR_MANAGER, vendor=his.vendor))
    board = client.get("/api/v1/dashboards/vendor/").json()
    assert {c["key"]: c["value"] for c in board["cards"]}["open_tickets"] == "3"
    assert "vendor_ranking" not in board["charts"]  # no other vendor's figures
    assert client.get("/api/v1/dashboards/leader/").status_code == 404
    assert (
        api(make_user(Role.VENDOR_ENGINEER, vendor=his.vendor))
        .get("/api/v1/dashboards/vendor/")
        .status_code
        == 403
    )


def test_home_pages_by_role(client, make_user, it_admin, open_tickets):
    client.force_login(make_user(Role.LEADER))
    page = client.get("/").content.decode()
    assert (
        "运行概况" in page
        and 'data-chart="chart-open_by_level"' in page
        and "echarts.min.js" in page
    )
    client.force_login(it_admin)
    page = client.get("/").content.decode()
    assert "今日服务台" in page and "chart-sla_states" in page
    wall = client.get("/wallboard/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in wall and "chart-sla_states" in wall  # the refreshed part only
    client.force_login(make_user(Role.SECURITY_ADMIN))
    assert "运行概况" not in client.get("/").content.decode()
