import pytest

from hisops.core.capabilities import Role
from hisops.tickets.selectors import ticket_audience
from hisops.tickets.services import ticket_assign, ticket_create

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


def test_who_hears_about_a_ticket_is_one_table(hospital, it_admin, make_user):
    item = covered_system(hospital, code="HIS", contract="HT-1")
    engineer = make_user(Role.IT_ENGINEER)
    manager = make_user(Role.VENDOR_MANAGER, vendor=item.vendor)
    onsite = make_user(Role.VENDOR_ENGINEER, vendor=item.vendor)
    stranger = make_user(
        Role.VENDOR_MANAGER, vendor=covered_system(hospital, code="LIS", contract="HT-2").vendor
    )
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, title="挂号失败", item=item, channel="phone"
    )
    ticket = ticket_assign(actor=it_admin, ticket=ticket, assignee=engineer)

    def heard(occasion):
        return {p.pk for p in ticket_audience(ticket=ticket, occasion=occasion)}

    assert heard("created") == {it_admin.pk, manager.pk}
    assert heard("sla") == {it_admin.pk, engineer.pk, manager.pk}  # the assignee once
    assert heard("major_incident") == {it_admin.pk, engineer.pk, manager.pk, onsite.pk}
    assert stranger.pk not in heard("assignable")
