"""A September of work on HIS that the report tests read."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

SH = ZoneInfo("Asia/Shanghai")


def at(day, hour=10, minute=0):
    return datetime(2026, 9, day, hour, minute, tzinfo=SH)


def move(actor, ticket, action, when, **fields):
    return ticket_transition(
        actor=actor,
        ticket=ticket,
        data=TransitionInput(action=action, at=when, reason="补录", **fields),
    )


@pytest.fixture
def september(it_admin, his):
    """Four incidents on HIS in September 2026: one late response, repaired in 60, 120, 240
    and 30 minutes; a fifth still open; HIS (level 1, system-level) down for 2 hours."""
    for n, minutes in enumerate((60, 120, 240, 30)):
        ticket = ticket_create(actor=it_admin, hospital=his.hospital, title="门诊收费打印异常", item=his, level_code="2",
                               reported_at=at(n + 1), backdate_reason="补录电话报修")  # fmt: skip
        ticket = move(it_admin, ticket, "accept", at(n + 1, 10, 50 if n == 0 else 10))
        move(it_admin, ticket, "resolve", at(n + 1) + timedelta(minutes=minutes), resolution="重装驱动",
             cause_category="software")  # fmt: skip
    ticket_create(actor=it_admin, hospital=his.hospital, title="医保结算偶发超时", item=his, level_code="3",
                  reported_at=at(20), backdate_reason="补录")  # fmt: skip
    major = ticket_create(actor=it_admin, hospital=his.hospital, title="HIS 全院无法登录", item=his, level_code="1",
                          reported_at=at(25, 8), backdate_reason="补录")  # fmt: skip
    move(it_admin, move(it_admin, major, "accept", at(25, 8, 1)), "resolve", at(25, 10), resolution="切换备库",
         cause_category="software")  # fmt: skip
    return his.vendor.contracts.get()
