import pytest

from hisops.core.capabilities import Role

from ..factories import DepartmentFactory, ItemFactory

pytestmark = pytest.mark.django_db
TICKETS = "/api/v1/tickets/"


def test_create_answers_number_status_contract_and_clocks(api, it_admin, his):
    response = api(it_admin).post(
        TICKETS,
        {"title": "住院护士工作站打印卡死", "kind": "incident", "item": his.pk, "level": "2", "channel": "phone",
         "reported_at": "2026-03-02T09:00:00+08:00", "reason": "电话报修补录"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["number"] == "INC-2026-000001"
        and body["status"] == "new"
        and body["contract_number"] == "HT-1"
    )
    response_clock = next(c for c in body["clocks"] if c["target"] == "response")
    # Back-dated to March and never answered: already past due, so breached.
    assert response_clock == {
        "target": "response", "due_at": "2026-03-02T09:30:00+08:00", "met_at": None,
        "paused_minutes": 0, "breached": True, "holiday_data_missing": False,
    }  # fmt: skip


def test_transitions_over_the_api(api, it_admin, his):
    client = api(it_admin)
    number = client.post(
        TICKETS, {"title": "x", "item": his.pk, "level": "2"}, format="json"
    ).json()["number"]
    url = f"{TICKETS}{number}/transitions/"
    assert client.post(url, {"action": "accept"}, format="json").json()["status"] == "accepted"
    paused = client.post(
        url, {"action": "pause", "reason": "waiting_hospital", "note": "等科室确认"}, format="json"
    ).json()
    assert paused["status"] == "waiting_hospital"
    bad = client.post(url, {"action": "fly"}, format="json")
    assert bad.status_code == 400 and "action" in bad.json()["fields"]
    wrong = client.post(url, {"action": "close"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_transition"
    assert client.post(url, {"action": "resume"}, format="json").json()["status"] == "in_progress"


def test_vendor_staff_see_only_their_contracts_tickets_and_patient_data_masked(
    api, make_user, his, hospital
):
    admin = api(make_user(Role.IT_ADMIN))
    body = admin.post(
        TICKETS,
        {"title": "患者110101199003071234无法挂号", "description": "家属电话13812345678", "item": his.pk, "level": "3", "phone": "13812345678"},
        format="json",
    ).json()  # fmt: skip
    number = body["number"]
    assert "110101199003071234" in body["title"]  # hospital staff see it whole
    mine = api(make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)).get(f"{TICKETS}{number}/").json()
    assert "110101********1234" in mine["title"] and "138****5678" in mine["description"]
    assert mine["phone"] == "138****5678"
    other = api(make_user(Role.VENDOR_ENGINEER))
    assert other.get(f"{TICKETS}{number}/").status_code == 404
    assert (
        other.post(
            f"{TICKETS}{number}/transitions/", {"action": "accept"}, format="json"
        ).status_code
        == 404
    )
    assert other.get(TICKETS).json()["count"] == 0


def test_clinicians_see_their_departments_tickets_only(api, make_user, hospital, his):
    ward = DepartmentFactory(hospital=hospital)
    nurse = make_user(Role.CLINICIAN, department=ward)
    colleague = make_user(Role.CLINICIAN, department=ward)
    stranger = make_user(Role.CLINICIAN)
    number = (
        api(nurse)
        .post(
            TICKETS,
            {"title": "护士站无法登录", "item": his.pk, "department": ward.pk},
            format="json",
        )
        .json()["number"]
    )
    assert api(colleague).get(f"{TICKETS}{number}/").status_code == 200
    assert api(stranger).get(f"{TICKETS}{number}/").status_code == 404
    assert api(make_user(Role.AUDIT_ADMIN)).get(TICKETS).json()["count"] == 0


def test_bad_input_names_the_field(api, it_admin, his, other_hospital):
    foreign = ItemFactory(hospital=other_hospital)
    client = api(it_admin)
    assert (
        "item"
        in client.post(TICKETS, {"title": "x", "item": foreign.pk}, format="json").json()["fields"]
    )
    assert (
        "level"
        in client.post(TICKETS, {"title": "x", "item": his.pk, "level": "9"}, format="json").json()[
            "fields"
        ]
    )
    assert "title" in client.post(TICKETS, {"item": his.pk}, format="json").json()["fields"]
    assert client.get(TICKETS, {"status": "sleeping"}).status_code == 400


def test_assign_and_followup_over_the_api(api, make_user, his):
    admin = make_user(Role.IT_ADMIN)
    engineer = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    client = api(admin)
    number = client.post(
        TICKETS, {"title": "x", "item": his.pk, "level": "2"}, format="json"
    ).json()["number"]
    url = f"{TICKETS}{number}/transitions/"
    assert (
        client.post(url, {"action": "assign", "assignee": engineer.pk}, format="json").json()[
            "assignee"
        ]
        == engineer.pk
    )
    assert (
        "assignee"
        in client.post(url, {"action": "assign", "assignee": 999999}, format="json").json()[
            "fields"
        ]
    )
    for body in (
        {"action": "accept"},
        {"action": "resolve", "resolution": "ok"},
        {"action": "confirm"},
    ):
        client.post(url, body, format="json")
    closed = client.post(
        url, {"action": "followup", "satisfaction": 5, "note": "满意"}, format="json"
    ).json()
    assert (closed["status"], closed["satisfaction"]) == ("closed", 5)


def test_a_description_of_megabytes_is_refused_and_nothing_is_written(api, it_admin, his):
    from hisops.tickets.models import Ticket

    answer = api(it_admin).post("/api/v1/tickets/", {"title": "x", "item": his.pk, "description": "日" * 20_001},
                                format="json")  # fmt: skip
    assert answer.status_code == 400 and "description" in answer.json()["fields"]
    assert not Ticket.objects.exists()


def test_options_on_the_attachments_answers_instead_of_failing(api, it_admin, his):
    from hisops.tickets.services import ticket_create

    ticket = ticket_create(actor=it_admin, hospital=it_admin.hospital, title="x", item=his)
    assert api(it_admin).options(f"/api/v1/tickets/{ticket.number}/attachments/").status_code == 200


def test_a_clinician_reports_only_for_their_own_department(api, make_user, hospital, his):
    from hisops.core.capabilities import Role

    from ..factories import DepartmentFactory

    ward, other = DepartmentFactory(hospital=hospital), DepartmentFactory(hospital=hospital)
    nurse = make_user(Role.CLINICIAN, department=ward)
    refused = api(nurse).post(
        "/api/v1/tickets/", {"title": "x", "item": his.pk, "department": other.pk}, format="json"
    )
    assert refused.status_code == 400 and "department" in refused.json()["fields"]
    mine = api(nurse).post(
        "/api/v1/tickets/", {"title": "x", "item": his.pk, "department": ward.pk}, format="json"
    )
    assert mine.status_code == 201
