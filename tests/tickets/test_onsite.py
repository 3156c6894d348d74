"""On-site work: dispatch opens a visit, arrival checks in, the engineer records the work,
the hospital signs on the phone, and the A4 repair sheet shows it all."""

import base64

import pytest

from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.tickets.models import OnsiteVisit
from hisops.tickets.services import (
    TransitionInput,
    ticket_create,
    ticket_transition,
    visit_record_work,
    visit_sign,
)

pytestmark = pytest.mark.django_db

# A real 1×1 PNG, as a canvas would produce (smaller, but the same format).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def move(ticket, actor, action, **fields):
    return ticket_transition(
        actor=actor, ticket=ticket, data=TransitionInput(action=action, **fields)
    )


@pytest.fixture
def people(make_user, his):
    vendor = his.vendor
    return {
        "it": make_user(Role.IT_ADMIN),
        "engineer": make_user(Role.VENDOR_ENGINEER, vendor=vendor, username="zhang"),
        "other_vendor": make_user(Role.VENDOR_ENGINEER, username="li"),
        "nurse": make_user(Role.CLINICIAN),
    }


@pytest.fixture
def on_site(hospital, his, people):
    """A ticket dispatched to the vendor's engineer, who has arrived."""
    ticket = ticket_create(
        actor=people["it"], hospital=hospital, title="护士站打印卡死", item=his, level_code="2"
    )
    move(ticket, people["engineer"], "accept")
    move(ticket, people["it"], "dispatch", engineer=people["engineer"])
    move(ticket, people["engineer"], "arrive")
    ticket.refresh_from_db()
    return ticket


def test_dispatch_opens_a_visit_for_the_engineer_and_assigns_the_ticket(on_site, people):
    visit = on_site.visits.get()
    assert visit.engineer == people["engineer"]
    assert on_site.assignee == people["engineer"]  # nobody was assigned before the dispatch
    assert visit.arrived_at is not None and visit.arrived_by == people["engineer"]
    arrival = on_site.events.get(action="arrive")
    assert arrival.at == visit.arrived_at and arrival.actor == people["engineer"]


def test_dispatch_to_another_vendors_engineer_is_refused(hospital, his, people):
    ticket = ticket_create(
        actor=people["it"], hospital=hospital, title="x", item=his, level_code="2"
    )
    move(ticket, people["it"], "accept")
    with pytest.raises(ValidationError) as exc:
        move(ticket, people["it"], "dispatch", engineer=people["other_vendor"])
    assert "assignee" in exc.value.fields
    assert not OnsiteVisit.objects.exists()


def test_work_record_then_signature_then_the_record_is_frozen(on_site, people):
    engineer = people["engineer"]
    visit_record_work(
        actor=engineer, ticket=on_site, work_done="重装打印驱动", minutes_spent=25, parts=""
    )
    visit = visit_sign(actor=engineer, ticket=on_site, signer_name="王护士长", image=PNG)
    assert visit.signer_name == "王护士长" and visit.signed_at is not None
    with visit.signature.open("rb") as f:
        assert f.read() == PNG
    with pytest.raises(ValidationError):
        visit_record_work(actor=engineer, ticket=on_site, work_done="改写记录")
    with pytest.raises(ValidationError):
        visit_sign(actor=engineer, ticket=on_site, signer_name="另一人", image=PNG)
    assert on_site.visits.get().work_done == "重装打印驱动"
    actions = list(on_site.events.values_list("action", flat=True))
    assert actions[-2:] == ["work_record", "signed"]
    assert AuditEvent.objects.filter(action="tickets.visit.sign").count() == 1


def test_signing_needs_a_work_record_a_name_and_a_png(on_site, people):
    engineer = people["engineer"]
    with pytest.raises(ValidationError) as exc:
        visit_sign(actor=engineer, ticket=on_site, signer_name="王护士长", image=PNG)
    assert "work_done" in exc.value.fields
    visit_record_work(actor=engineer, ticket=on_site, work_done="重装打印驱动")
    with pytest.raises(ValidationError) as exc:
        visit_sign(actor=engineer, ticket=on_site, signer_name=" ", image=b"GIF89a...")
    assert set(exc.value.fields) == {"signer_name", "signature"}
    assert not on_site.visits.get().signed


def test_no_work_record_before_arrival(hospital, his, people):
    ticket = ticket_create(
        actor=people["it"], hospital=hospital, title="x", item=his, level_code="2"
    )
    move(ticket, people["it"], "accept")
    move(ticket, people["it"], "dispatch", engineer=people["engineer"])
    with pytest.raises(ValidationError) as exc:
        visit_record_work(actor=people["engineer"], ticket=ticket, work_done="到了")
    assert exc.value.code == "not_arrived"


def test_clinicians_cannot_record_on_site_work(on_site, people):
    with pytest.raises(PermissionDenied):
        visit_record_work(actor=people["nurse"], ticket=on_site, work_done="x")


def test_phone_flow_through_the_pages(client, on_site, people):
    """Check-in list → work form → signature canvas post → repair sheet with the image."""
    client.force_login(people["engineer"])
    listing = client.get("/tickets/onsite/")
    assert on_site.number in listing.content.decode()
    page = client.get(f"/tickets/{on_site.number}/onsite/")
    assert 'data-testid="work-form"' in page.content.decode()
    client.post(
        f"/tickets/{on_site.number}/onsite/work/",
        {"work_done": "重装打印驱动", "minutes_spent": "25"},
    )
    page = client.get(f"/tickets/{on_site.number}/onsite/").content.decode()
    assert 'data-testid="sign-form"' in page
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    client.post(
        f"/tickets/{on_site.number}/onsite/sign/",
        {"signer_name": "王护士长", "signature": data_url},
    )
    visit = on_site.visits.get()
    assert visit.signed and visit.minutes_spent == 25
    image = client.get(f"/tickets/{on_site.number}/visits/{visit.pk}/signature.png")
    assert image.status_code == 200 and b"".join(image.streaming_content) == PNG
    sheet = client.get(f"/tickets/{on_site.number}/sheet/").content.decode()
    assert on_site.hospital.name in sheet and "王护士长" in sheet and "重装打印驱动" in sheet
    assert "@page { size: A4" in sheet
    # Done on site: the signed visit leaves the engineer's list once resolved.
    client.post(f"/tickets/{on_site.number}/action/", {"action": "resolve", "resolution": "重装驱动",
                                                       "next": f"/tickets/{on_site.number}/onsite/"})  # fmt: skip
    on_site.refresh_from_db()
    assert on_site.status == "resolved"
    assert on_site.number not in client.get("/tickets/onsite/").content.decode()


def test_a_bad_signature_post_changes_nothing(client, on_site, people):
    client.force_login(people["engineer"])
    visit_record_work(actor=people["engineer"], ticket=on_site, work_done="x")
    response = client.post(
        f"/tickets/{on_site.number}/onsite/sign/", {"signer_name": "王", "signature": "data:text/html;base64,PHNjcmlwdD4="},
        follow=True,
    )  # fmt: skip
    assert "请在框内签名" in response.content.decode()  # the page speaks Chinese
    assert not on_site.visits.get().signed


def test_another_vendor_cannot_see_the_signature_or_the_sheet(client, on_site, people):
    visit_record_work(actor=people["engineer"], ticket=on_site, work_done="x")
    visit = visit_sign(actor=people["engineer"], ticket=on_site, signer_name="王", image=PNG)
    client.force_login(people["other_vendor"])
    assert (
        client.get(f"/tickets/{on_site.number}/visits/{visit.pk}/signature.png").status_code == 404
    )
    assert client.get(f"/tickets/{on_site.number}/sheet/").status_code == 404
    assert client.get(f"/api/v1/tickets/{on_site.number}/visits/").status_code == 404


def test_visits_over_the_api(api, on_site, people):
    visit_record_work(
        actor=people["engineer"], ticket=on_site, work_done="重装打印驱动", minutes_spent=20
    )
    body = api(people["it"]).get(f"/api/v1/tickets/{on_site.number}/visits/").json()
    assert body[0]["work_done"] == "重装打印驱动" and body[0]["minutes_spent"] == 20
    assert body[0]["arrived_at"] is not None and body[0]["signed_at"] is None


def test_the_phone_page_masks_patient_numbers_for_vendor_staff(client, hospital, his, people):
    ticket = ticket_create(
        actor=people["it"], hospital=hospital, title="患者 110101199003078515 无法打印腕带", item=his,
        level_code="2", phone="13912345678",
    )  # fmt: skip
    move(ticket, people["it"], "accept")
    move(ticket, people["it"], "dispatch", engineer=people["engineer"])
    colleague = people["engineer"].__class__.objects.create(
        username="wang", hospital=hospital, role=Role.VENDOR_ENGINEER, vendor=his.vendor
    )
    client.force_login(people["engineer"])
    page = client.get(f"/tickets/{ticket.number}/onsite/").content.decode()
    assert "110101199003078515" not in page and "13912345678" in page  # sent there: may call back
    assert "110101199003078515" not in client.get("/tickets/onsite/").content.decode()
    client.force_login(colleague)
    page = client.get(f"/tickets/{ticket.number}/onsite/").content.decode()
    assert "13912345678" not in page


def test_a_signed_sheet_shows_when_its_record_or_signature_was_changed_afterwards(
    client, on_site, people
):
    from hisops.tickets.models import OnsiteVisit

    engineer = people["engineer"]
    visit_record_work(
        actor=engineer, ticket=on_site, work_done="重装打印驱动", minutes_spent=25, parts=""
    )
    visit = visit_sign(actor=engineer, ticket=on_site, signer_name="王护士长", image=PNG)
    assert visit.seal and OnsiteVisit.objects.get(pk=visit.pk).intact is True
    client.force_login(people["it"])
    assert (
        "as signed"
        in client.get(f"/tickets/{on_site.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    # Someone with database access changes what was done; then someone swaps the image.
    OnsiteVisit.objects.filter(pk=visit.pk).update(work_done="更换主板")
    assert OnsiteVisit.objects.get(pk=visit.pk).intact is False
    OnsiteVisit.objects.filter(pk=visit.pk).update(work_done="重装打印驱动")
    assert OnsiteVisit.objects.get(pk=visit.pk).intact is True
    with visit.signature.open("wb") as handle:
        handle.write(PNG + b"forged")
    assert OnsiteVisit.objects.get(pk=visit.pk).intact is False
    sheet = client.get(
        f"/tickets/{on_site.number}/sheet/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="seal-broken"' in sheet
