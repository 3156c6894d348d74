"""The problem list (问题清单): statuses, a conclusion to close, incidents linked, vendor
scoping, the .xlsx export, pages and API."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from hisops.audit.models import AuditEvent
from hisops.core.capabilities import Role
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.problems.models import Problem
from hisops.problems.services import problem_create, problem_link, problem_unlink, problem_update
from hisops.tickets.services import ticket_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(it_admin, hospital, his):
    return problem_create(actor=it_admin, hospital=hospital, title="护士站打印偶发卡死", item=his)


def test_numbers_and_vendor_from_the_item(problem, his):
    assert problem.number.startswith("PRB-") and problem.number.endswith("-0001")
    assert problem.vendor == his.vendor and problem.status == "open"


def test_a_problem_closes_only_with_a_conclusion(it_admin, problem):
    with pytest.raises(ValidationError) as exc:
        problem_update(actor=it_admin, problem=problem, status="closed")
    assert "conclusion" in exc.value.fields
    assert Problem.objects.get(pk=problem.pk).status == "open"
    closed = problem_update(
        actor=it_admin, problem=problem, status="closed", conclusion="驱动升级后未复现"
    )
    assert closed.status == "closed" and closed.closed_at is not None
    reopened = problem_update(actor=it_admin, problem=closed, status="investigating")
    assert reopened.closed_at is None
    statuses = [
        e.changes.get("status")
        for e in AuditEvent.objects.filter(action="problems.problem.update").order_by("id")
    ]
    assert statuses == [["open", "closed"], ["closed", "investigating"]]


def test_fix_scheduled_needs_a_date(it_admin, problem):
    with pytest.raises(ValidationError) as exc:
        problem_update(actor=it_admin, problem=problem, status="fix_scheduled")
    assert "fix_due" in exc.value.fields


def test_incidents_link_once(it_admin, hospital, his, problem):
    incident = ticket_create(
        actor=it_admin, hospital=hospital, title="打印卡死", item=his, level_code="2"
    )
    problem_link(actor=it_admin, problem=problem, ticket=incident)
    problem_link(actor=it_admin, problem=problem, ticket=incident)  # again: nothing new
    other = problem_create(actor=it_admin, hospital=hospital, title="另一个问题")
    with pytest.raises(Conflict):
        problem_link(actor=it_admin, problem=other, ticket=incident)
    assert list(problem.links.values_list("ticket__number", flat=True)) == [incident.number]
    problem_unlink(actor=it_admin, problem=problem, ticket=incident)
    assert not problem.links.exists()


def test_vendors_keep_and_see_their_own_problems_only(make_user, hospital, his, lis, problem):
    ours = make_user(Role.VENDOR_ENGINEER, vendor=his.vendor)
    theirs = make_user(Role.VENDOR_ENGINEER, vendor=lis.vendor)
    mine = problem_create(actor=theirs, hospital=hospital, title="LIS 回传延迟", item=lis)
    assert mine.vendor == lis.vendor
    with pytest.raises(PermissionDenied):
        problem_update(actor=theirs, problem=problem, root_cause="不是我们的")
    with pytest.raises(PermissionDenied):
        problem_create(actor=theirs, hospital=hospital, title="x", vendor=his.vendor)
    from hisops.problems.selectors import problem_list

    assert {p.number for p in problem_list(user=ours)} == {problem.number}
    assert {p.number for p in problem_list(user=theirs)} == {mine.number}
    with pytest.raises(PermissionDenied):
        problem_create(actor=make_user(Role.CLINICIAN), hospital=hospital, title="x")


def test_export_is_a_real_workbook_with_chinese_columns(client, it_admin, hospital, his, problem):
    incident = ticket_create(
        actor=it_admin, hospital=hospital, title="打印卡死", item=his, level_code="2"
    )
    problem_link(actor=it_admin, problem=problem, ticket=incident)
    client.force_login(it_admin)
    response = client.get("/problems/", {"format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "问题", "状态")
    assert rows[1][0] == problem.number and rows[1][1] == "护士站打印偶发卡死" and rows[1][9] == 1


def test_pages_record_update_and_link_from_the_ticket(client, it_admin, hospital, his):
    client.force_login(it_admin)
    response = client.post("/problems/new/", {"title": "LIS 接口超时", "item": his.pk})
    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/problems/{problem.number}/"
    )
    page = client.post(f"/problems/{problem.number}/", {"status": "closed", "conclusion": ""})
    assert (
        page.status_code == 200 and Problem.objects.get().status == "open"
    )  # form again with the reason
    incident = ticket_create(
        actor=it_admin, hospital=hospital, title="LIS 超时", item=his, level_code="2"
    )
    client.post(f"/problems/link/{incident.number}/", {"problem": problem.number})
    detail = client.get(f"/problems/{problem.number}/").content.decode()
    assert incident.number in detail
    assert problem.number in client.get(f"/tickets/{incident.number}/").content.decode()
    assert "LIS 接口超时" in client.get("/problems/", {"q": "LIS"}).content.decode()


def test_api(api, it_admin, make_user, hospital, his, lis):
    client = api(it_admin)
    created = client.post(
        "/api/v1/problems/", {"title": "HIS 医嘱保存慢", "item": his.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    refused = client.patch(f"/api/v1/problems/{number}/", {"status": "closed"}, format="json")
    assert refused.status_code == 400 and "conclusion" in refused.json()["fields"]
    incident = ticket_create(
        actor=it_admin, hospital=hospital, title="慢", item=his, level_code="2"
    )
    linked = client.post(
        f"/api/v1/problems/{number}/incidents/", {"ticket": incident.number}, format="json"
    )
    assert linked.json()["incidents"] == [incident.number]
    closed = client.patch(
        f"/api/v1/problems/{number}/", {"status": "closed", "conclusion": "索引优化"}, format="json"
    )
    assert closed.json()["status"] == "closed"
    assert client.get("/api/v1/problems/", {"status": "closed"}).json()["count"] == 1
    assert client.get("/api/v1/problems/export/").status_code == 200
    outsider = make_user(Role.VENDOR_ENGINEER, vendor=lis.vendor)
    assert api(outsider).get(f"/api/v1/problems/{number}/").status_code == 404
