"""One masking policy on every surface: a vendor engineer never reads a patient's 身份证号 or
phone number, nor the reporter's full name; the hospital's staff read them whole."""

import pytest
from django.test import Client

from hisops.core.capabilities import Role
from hisops.tickets.services import (
    ticket_accept,
    ticket_comment,
    ticket_create,
    ticket_dispatch,
    ticket_resolve,
)

from ..conftest import covered_system

pytestmark = pytest.mark.django_db

ID_CARD = "110101199003071234"
MOBILE = "13812345678"


@pytest.fixture
def case(hospital, it_admin, make_user):
    item = covered_system(hospital, code="HIS", contract="HT-1")
    vendor = make_user(Role.VENDOR_ENGINEER, vendor=item.vendor)
    ticket = ticket_create(
        actor=it_admin, hospital=hospital, item=item, channel="phone", reporter_name="周护士长",
        title=f"患者{ID_CARD}无法结算", description=f"家属电话{MOBILE}，身份证{ID_CARD}",
        phone=MOBILE, caller_number=MOBILE,
    )  # fmt: skip
    ticket_accept(actor=vendor, ticket=ticket)
    ticket_dispatch(actor=it_admin, ticket=ticket, engineer=it_admin)
    ticket_comment(actor=it_admin, ticket=ticket, text=f"回电{MOBILE}确认")
    ticket_resolve(actor=it_admin, ticket=ticket, resolution=f"已为{ID_CARD}重新结算")
    return ticket, vendor


def _surfaces(user, api, ticket):
    client = Client()
    client.force_login(user)
    pages = {
        "queue": client.get("/tickets/?status="),
        "ticket page": client.get(f"/tickets/{ticket.number}/"),
        "on-site page": client.get(f"/tickets/{ticket.number}/onsite/"),
        "repair sheet": client.get(f"/tickets/{ticket.number}/sheet/"),
    }
    rest = api(user)
    pages["API list"] = rest.get("/api/v1/tickets/")
    pages["API detail"] = rest.get(f"/api/v1/tickets/{ticket.number}/")
    pages["API comments"] = rest.get(f"/api/v1/tickets/{ticket.number}/comments/")
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


def test_a_vendor_engineer_sees_patient_data_masked_on_every_surface(case, api):
    ticket, vendor = case
    for name, body in _surfaces(vendor, api, ticket).items():
        assert ID_CARD not in body, name
        assert MOBILE not in body, name
        assert "周护士长" not in body, name
    detail = api(vendor).get(f"/api/v1/tickets/{ticket.number}/").json()
    assert detail["title"] == "患者110101********1234无法结算"
    assert detail["reporter_name"] == "周*" and detail["caller_number"] == "138****5678"


def test_hospital_staff_see_them_whole(case, api, it_admin):
    ticket, _vendor = case
    surfaces = _surfaces(it_admin, api, ticket)
    for name in ("ticket page", "API detail", "repair sheet"):
        assert ID_CARD in surfaces[name] and "周护士长" in surfaces[name], name
    assert MOBILE in surfaces["API comments"]


def test_a_leader_reads_patient_identifiers_masked_in_the_api(api, make_user, hospital, his):
    from hisops.core.capabilities import Role
    from hisops.tickets.services import ticket_comment, ticket_create

    it_admin = make_user(Role.IT_ADMIN)
    ticket = ticket_create(actor=it_admin, hospital=hospital, title="患者110101199003071234无法出院",
                           item=his, phone="13912345678")  # fmt: skip
    ticket_comment(actor=it_admin, ticket=ticket, text="已联系患者家属13800001111")
    leader = api(make_user(Role.LEADER))
    detail = leader.get(f"/api/v1/tickets/{ticket.number}/").json()
    assert "110101199003071234" not in detail["title"] and detail["phone"] != "13912345678"
    comments = leader.get(f"/api/v1/tickets/{ticket.number}/comments/").json()
    assert "13800001111" not in comments[0]["text"]
    whole = api(it_admin).get(f"/api/v1/tickets/{ticket.number}/").json()
    assert "110101199003071234" in whole["title"]  # the hospital's IT staff see it whole


def test_reading_a_patient_bearing_ticket_whole_is_audited(api, client, make_user, hospital, his):
    from hisops.audit.models import AuditEvent
    from hisops.core.capabilities import Role
    from hisops.tickets.services import ticket_create

    it_admin = make_user(Role.IT_ADMIN)
    bearing = ticket_create(
        actor=it_admin, hospital=hospital, title="患者110101199003071234无法出院", item=his
    )
    plain = ticket_create(actor=it_admin, hospital=hospital, title="打印机卡纸", item=his)
    client.force_login(it_admin)
    client.get(f"/tickets/{bearing.number}/")
    client.get(f"/tickets/{plain.number}/")
    api(it_admin).get(f"/api/v1/tickets/{bearing.number}/")
    reads = AuditEvent.objects.filter(action="tickets.ticket.read")
    assert [e.object_id for e in reads] == [str(bearing.pk), str(bearing.pk)]
    leader = make_user(Role.LEADER)  # sees it masked: not a read of patient data
    api(leader).get(f"/api/v1/tickets/{bearing.number}/")
    assert reads.count() == 2


def _columns(table: str, pk) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(v) for v in cursor.fetchone())


def test_the_database_keeps_patient_identifiers_only_encrypted(case, api, it_admin, hospital):
    """等保 数据保密性: what a dump of the tables shows is masked; the clear values sit in
    SM4-GCM-encrypted ``private`` columns; search finds tickets by the masked form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hisops.tickets.models import Attachment, TicketEvent
    from hisops.tickets.services import attachment_add

    ticket, _vendor = case
    attachment_add(actor=it_admin, ticket=ticket, upload=SimpleUploadedFile(
        f"患者：张三_{MOBILE}.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"))  # fmt: skip
    rows = [("tickets_ticket", ticket.pk)]
    rows += [("tickets_ticketevent", e.pk) for e in TicketEvent.objects.filter(ticket=ticket)]
    rows += [("tickets_attachment", a.pk) for a in Attachment.objects.filter(ticket=ticket)]
    for table, pk in rows:
        stored = _columns(table, pk)
        assert ID_CARD not in stored and MOBILE not in stored and "张三" not in stored, table
    assert _columns("tickets_ticket", ticket.pk).count("sm4gcm:") == 1
    ticket.refresh_from_db()
    assert ticket.description == "家属电话138****5678，身份证110101********1234"
    assert ticket.clear("description") == f"家属电话{MOBILE}，身份证{ID_CARD}"

    found = api(it_admin).get("/api/v1/tickets/", {"q": "110101********1234"}).json()
    assert [t["number"] for t in found["results"]] == [ticket.number]
    client = Client()
    client.force_login(it_admin)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert f"患者：张三_{MOBILE}.png" in page and f"回电{MOBILE}确认" in page  # whole, for IT


def test_a_corrected_title_keeps_its_identifier_private_and_out_of_the_log(case, it_admin):
    from hisops.audit.models import AuditEvent
    from hisops.tickets.services import ticket_correct

    ticket, _vendor = case
    ticket_correct(
        actor=it_admin, ticket=ticket, reason="补全", title=f"患者{ID_CARD}无法结算（医保）"
    )
    ticket.refresh_from_db()
    assert ticket.clear("title") == f"患者{ID_CARD}无法结算（医保）" and ID_CARD not in ticket.title
    logged = AuditEvent.objects.filter(action="tickets.ticket.correct").get()
    assert ID_CARD not in str(logged.changes)
