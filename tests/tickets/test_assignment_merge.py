"""Assignment to engineers and teams (one or many at once) and merging duplicates."""

import pytest

from hisops.accounts.services import team_create
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.tickets.models import Ticket
from hisops.tickets.services import (
    TransitionInput,
    sla_sweep,
    ticket_assign,
    ticket_create,
    ticket_merge,
    ticket_transition,
    tickets_bulk_assign,
)

pytestmark = pytest.mark.django_db


def new(it_admin, hospital, item, title="x"):
    return ticket_create(actor=it_admin, hospital=hospital, title=title, item=item, level_code="2")


def test_a_vendor_team_takes_only_that_vendors_tickets(it_admin, hospital, his, lis, make_user):
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    team = team_create(
        actor=SYSTEM, hospital=hospital, name="HIS驻场组", vendor=his.vendor, members=[engineer]
    )
    ticket_assign(actor=it_admin, ticket=new(it_admin, hospital, his), group=team)
    with pytest.raises(ValidationError) as exc:
        ticket_assign(actor=it_admin, ticket=new(it_admin, hospital, lis), group=team)
    assert "group" in exc.value.fields
    with pytest.raises(ValidationError):  # a stranger cannot join a vendor's team
        team_create(actor=SYSTEM, hospital=hospital, name="混合组", vendor=his.vendor,
                    members=[make_user(Role.VENDOR_ENGINEER, vendor=lis.vendor)])  # fmt: skip


def test_bulk_assign_is_all_or_nothing(it_admin, hospital, his, lis, make_user):
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    ours = [new(it_admin, hospital, his) for _ in range(3)]
    theirs = new(it_admin, hospital, lis)
    with pytest.raises(ValidationError) as exc:
        tickets_bulk_assign(actor=it_admin, tickets=[*ours, theirs], assignee=engineer)
    assert theirs.number in exc.value.message
    assert not Ticket.objects.filter(assignee=engineer).exists()
    assert tickets_bulk_assign(actor=it_admin, tickets=ours, assignee=engineer) == 3
    assert Ticket.objects.filter(assignee=engineer).count() == 3


def test_bulk_assign_from_the_queue_page(client, it_admin, hospital, his, make_user):
    engineer = make_user(Role.IT_ENGINEER)
    tickets = [new(it_admin, hospital, his) for _ in range(2)]
    client.force_login(it_admin)
    client.post(
        "/tickets/bulk-assign/", {"numbers": [t.number for t in tickets], "assignee": engineer.pk}
    )
    assert Ticket.objects.filter(assignee=engineer).count() == 2


def test_vendor_engineers_cannot_assign(it_admin, hospital, his, make_user):
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    with pytest.raises(PermissionDenied):
        ticket_assign(actor=engineer, ticket=new(it_admin, hospital, his), assignee=engineer)


def test_merge_stops_the_duplicate_and_both_timelines_say_so(it_admin, hospital, his):
    original = new(it_admin, hospital, his, "门诊收费无法打印")
    duplicate = new(it_admin, hospital, his, "收费处打印不了")
    ticket_transition(
        actor=it_admin,
        ticket=duplicate,
        data=TransitionInput(action="pause", reason="waiting_hospital", note="等科室确认"),
    )
    merged = ticket_merge(actor=it_admin, ticket=duplicate, into=original, note="同一故障")
    assert (
        merged.status == "merged" and merged.merged_into == original and merged.paused_since is None
    )
    assert original.events.filter(action="merged_from", note=duplicate.number).exists()
    assert duplicate.events.filter(action="merge").exists()
    # The duplicate's clocks no longer warn or escalate.
    from datetime import timedelta

    from django.utils import timezone

    result = sla_sweep(now=timezone.now() + timedelta(days=3))
    assert result.escalated == original.clocks.count()


def test_merge_refusals(it_admin, hospital, his, make_user, other_hospital):
    a, b = new(it_admin, hospital, his), new(it_admin, hospital, his)
    with pytest.raises(ValidationError):
        ticket_merge(actor=it_admin, ticket=a, into=a)
    ticket_transition(
        actor=it_admin, ticket=b, data=TransitionInput(action="cancel", reason="误报")
    )
    with pytest.raises(ValidationError) as exc:
        ticket_merge(actor=it_admin, ticket=a, into=b)
    assert "into" in exc.value.fields
    with pytest.raises(PermissionDenied):
        ticket_merge(
            actor=make_user(Role.VENDOR_MANAGER, vendor=his.vendor),
            ticket=a,
            into=new(it_admin, hospital, his),
        )
    assert Ticket.objects.get(pk=a.pk).status == "new"


def test_merge_over_the_api(api, it_admin, hospital, his):
    a, b = new(it_admin, hospital, his), new(it_admin, hospital, his)
    response = api(it_admin).post(
        f"/api/v1/tickets/{b.number}/transitions/",
        {"action": "merge", "into": a.number},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (
        response.json()["status"] == "merged" and response.json()["merged_into_number"] == a.number
    )
    missing = api(it_admin).post(
        f"/api/v1/tickets/{a.number}/transitions/",
        {"action": "merge", "into": "INC-1999-1"},
        format="json",
    )
    assert missing.status_code == 400 and "into" in missing.json()["fields"]
