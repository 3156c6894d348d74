"""The demo's year of history: planned from a seed, played through the services, and the
KPIs say what the plan meant to happen."""

from datetime import date

import pytest

from hisops.accounts.models import User
from hisops.calendars import periods
from hisops.demo.history import generate, plan
from hisops.demo.loader import load_demo
from hisops.evaluations.selectors import kpi_report, kpi_subject
from hisops.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_same_seed_plans_the_same_year():
    one = plan(seed=7, first=date(2026, 3, 1), last=date(2026, 3, 31))
    two = plan(seed=7, first=date(2026, 3, 1), last=date(2026, 3, 31))
    assert [(p.reported_at, p.title, p.response_on_time) for p in one] == [
        (p.reported_at, p.title, p.response_on_time) for p in two
    ]
    assert one != plan(seed=8, first=date(2026, 3, 1), last=date(2026, 3, 31))


def test_the_kpis_of_a_generated_week_equal_its_plan():
    loaded = load_demo()
    history = generate(hospital=loaded["hospital"], seed=11, first=date(2026, 3, 2), last=date(2026, 3, 8),
                       per_weekday=5)  # fmt: skip
    played = [p for p in history.planned if p.number]
    assert (
        played
        and len(played)
        == Ticket.objects.filter(reported_at__date__range=("2026-03-02", "2026-03-08")).count()
    )
    it = User.objects.get(username="itadmin")
    week = kpi_report(user=it, period=periods.parse("2026-W10"), subject=kpi_subject(user=it))
    assert week["tickets_reported"].value == len(played)
    with_clock = [p for p in played if p.level]  # tickets under a contract have a response clock
    on_time = sum(1 for p in with_clock if p.response_on_time)
    assert (week["response_met_rate"].numerator, week["response_met_rate"].denominator) == (
        on_time,
        len(with_clock),
    )
    rated = [p.satisfaction for p in played if p.satisfaction is not None]
    assert week["satisfaction_count"].value <= len(
        rated
    )  # a rating waits for the fix to be confirmed
    again = generate(
        hospital=loaded["hospital"], seed=11, first=date(2026, 3, 2), last=date(2026, 3, 8)
    )
    assert again.planned == []  # played once
