"""The state machine's table is the one answer to "may this person do this now?": the
ticket page offers an action exactly when the service accepts it."""

import pytest
from django.db import transaction

from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.tickets import services
from hisops.tickets.choices import Status
from hisops.tickets.services import TRANSITIONS, TransitionInput, ticket_create, ticket_transition

from ..conftest import covered_system

pytestmark = pytest.mark.django_db

# How to walk a new ticket to each status (with the input each step needs).
PATHS = {
    Status.NEW: [],
    Status.ACCEPTED: ["accept"],
    Status.IN_PROGRESS: ["accept", "start"],
    Status.DISPATCHED: ["accept", "dispatch"],
    Status.ARRIVED: ["accept", "dispatch", "arrive"],
    Status.SOLUTION_PROPOSED: ["accept", "propose_solution"],
    Status.WAITING_HOSPITAL: ["accept", "pause"],
    Status.RESOLVED: ["accept", "resolve"],
    Status.CONFIRMED: ["accept", "resolve", "confirm"],
}
FULL_INPUT = {
    "reason": "waiting_hospital",
    "note": "等科室确认医嘱",
    "resolution": "更换打印机驱动",
    "review_cause": "驱动冲突",
    "review_impact": "一个病区",
    "review_actions": "统一驱动版本",
    "satisfaction": 5,
}


@pytest.fixture
def people(make_user, hospital):
    item = covered_system(hospital, code="HIS", contract="HT-1")
    reporter = make_user(Role.CLINICIAN)
    return item, {
        "it_admin": make_user(Role.IT_ADMIN),
        "vendor_engineer": make_user(Role.VENDOR_ENGINEER, vendor=item.vendor),
        "reporter": reporter,
        "other_clinician": make_user(Role.CLINICIAN),
        "leader": make_user(Role.LEADER),
    }


def _ticket_in(status, *, item, hospital, reporter, it_admin):
    ticket = ticket_create(
        actor=reporter, hospital=hospital, title="打印机卡纸", item=item, channel="web"
    )
    for action in PATHS[status]:
        ticket = ticket_transition(
            actor=it_admin, ticket=ticket, data=TransitionInput(action=action, **FULL_INPUT)
        )
    assert ticket.status == status
    return ticket


def test_the_page_offers_an_action_exactly_when_the_service_accepts_it(people, hospital):
    item, users = people
    checked = 0
    for status in PATHS:
        ticket = _ticket_in(
            status,
            item=item,
            hospital=hospital,
            reporter=users["reporter"],
            it_admin=users["it_admin"],
        )
        for who, user in users.items():
            offered = set(services.allowed_actions(user, ticket))
            for action in TRANSITIONS:
                with transaction.atomic():
                    try:
                        ticket_transition(
                            actor=user,
                            ticket=ticket,
                            data=TransitionInput(action=action, **FULL_INPUT),
                        )
                        accepted = True
                    except PermissionDenied:
                        accepted = False
                    except ValidationError as exc:
                        assert exc.code == "invalid_transition", (
                            who,
                            status,
                            action,
                            exc.describe(),
                        )
                        accepted = False
                    transaction.set_rollback(True)
                assert accepted == (action in offered), (who, status, action)
                checked += 1
    assert checked == len(PATHS) * len(users) * len(TRANSITIONS)


def test_each_verb_is_its_own_service(people, hospital):
    item, users = people
    ticket = ticket_create(
        actor=users["reporter"], hospital=hospital, title="打印机卡纸", item=item, channel="web"
    )
    engineer = users["vendor_engineer"]
    services.ticket_accept(actor=engineer, ticket=ticket)
    services.ticket_pause(
        actor=engineer, ticket=ticket, reason="waiting_third_party", note="等打印机厂商"
    )
    services.ticket_resume(actor=engineer, ticket=ticket)
    ticket = services.ticket_resolve(actor=engineer, ticket=ticket, resolution="更换驱动")
    assert ticket.status == Status.RESOLVED
    with pytest.raises(PermissionDenied):
        services.ticket_confirm(actor=users["other_clinician"], ticket=ticket)
    ticket = services.ticket_confirm(actor=users["reporter"], ticket=ticket)
    ticket = services.ticket_followup(actor=users["reporter"], ticket=ticket, satisfaction=4)
    assert ticket.status == Status.CLOSED and ticket.satisfaction == 4
    actions = list(ticket.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["create", "accept", "pause", "resume", "resolve", "confirm", "followup"]


def test_cause_category_is_a_code_whatever_the_language(people, hospital):
    from hisops.tickets.choices import CauseCategory

    item, users = people
    ticket = ticket_create(
        actor=users["reporter"], hospital=hospital, title="接口中断", item=item, channel="web"
    )
    services.ticket_accept(actor=users["it_admin"], ticket=ticket)
    with pytest.raises(ValidationError) as refused:
        services.ticket_resolve(
            actor=users["it_admin"], ticket=ticket, resolution="重启", cause_category="网络"
        )
    assert "cause_category" in refused.value.fields
    ticket.refresh_from_db()
    assert ticket.status == Status.ACCEPTED  # nothing written
    ticket = services.ticket_resolve(
        actor=users["it_admin"],
        ticket=ticket,
        resolution="重启接口服务",
        cause_category="interface",
    )
    assert ticket.cause_category == CauseCategory.INTERFACE
    assert ticket.get_cause_category_display() == "接口"
