"""The inspections API (API.md): a plan from the contract's number, its year generated,
readings, completion, the hospital's signature and the report files; scoped by vendor."""

import base64

import pytest

from hisops.calendars.models import BusinessCalendar
from hisops.calendars.services import calendars_reference_load
from hisops.contracts.models import Contract
from hisops.core.capabilities import SYSTEM, Role
from hisops.inspections import services

from ..conftest import covered_system
from .test_inspections import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(hospital, make_user):
    calendars_reference_load()
    nursing = covered_system(
        hospital, code="NURSE", contract="YD-1", template="seed001-mobile-nursing"
    )
    templates = {
        t.code: t for t in services.inspection_templates_install(actor=SYSTEM, hospital=hospital)
    }
    return {
        "item": nursing,
        "template": templates["seed004-onsite"],
        "engineer": make_user(Role.IT_ENGINEER, username="engineer"),
        "vendor": make_user(Role.VENDOR_ENGINEER, username="v1", vendor=nursing.vendor),
        "stranger": make_user(Role.VENDOR_ENGINEER, username="v2"),
    }


def test_plan_generate_record_complete_sign_and_download(api, setup):
    it = api(setup["engineer"])
    created = it.post("/api/v1/inspection-plans/", {
        "name": "电子病历现场巡检", "contract": "YD-1", "template": setup["template"].pk, "items": [setup["item"].pk],
        "cadence": "half_yearly", "days_each": 2, "mode": "onsite",
    }, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["calendar"] == "cn-workday" and plan["cadence"] == "half_yearly"
    generated = it.post(
        f"/api/v1/inspection-plans/{plan['id']}/generate/", {"year": 2026}, format="json"
    ).json()
    assert len(generated["created"]) == 2 and generated["holiday_data_missing"] is False
    number = generated["created"][0]
    listed = it.get("/api/v1/inspections/", {"plan": plan["id"]}).json()
    assert listed["count"] == 2 and listed["results"][0]["due_on"] == "2026-06-30"

    vendor = api(setup["vendor"])
    detail = vendor.get(f"/api/v1/inspections/{number}/").json()
    for line in detail["results"]:
        if not line["required"]:
            continue
        value = {"pass_fail": "pass", "number": "1.5", "text": "沟通顺畅"}[line["kind"]]
        answer = vendor.post(f"/api/v1/inspections/{number}/results/", {"result": line["id"], "value": value},
                             format="json")  # fmt: skip
        assert answer.status_code == 201, answer.json()
        assert answer.json()["outcome"] in ("passed", "noted") and answer.json()["finding"] is None
    wrong = vendor.post(f"/api/v1/inspections/{number}/results/", {"result": detail["results"][0]["id"],
                                                                   "value": "也许"}, format="json")  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["fields"]["value"]
    early = it.post(
        f"/api/v1/inspections/{number}/sign/",
        {"signer_name": "张主任", "signature": "x"},
        format="json",
    )
    assert early.status_code == 400
    done = vendor.post(
        f"/api/v1/inspections/{number}/complete/", {"summary": "模块运行正常。"}, format="json"
    )
    assert done.json()["status"] == "completed"
    data_url = "data:image/png;base64," + base64.b64encode(png()).decode()
    refused = vendor.post(f"/api/v1/inspections/{number}/sign/", {"signer_name": "厂商", "signature": data_url},
                          format="json")  # fmt: skip
    assert refused.status_code == 403
    signed = it.post(f"/api/v1/inspections/{number}/sign/", {"signer_name": "张主任", "signature": data_url},
                     format="json")  # fmt: skip
    assert signed.status_code == 200 and signed.json()["signer_name"] == "张主任"
    pdf = it.get(f"/api/v1/inspections/{number}/report/", {"format": "pdf"})
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    docx = vendor.get(f"/api/v1/inspections/{number}/report/?format=docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    bad = it.get(f"/api/v1/inspections/{number}/report/?format=odt")
    assert bad.status_code == 400 and bad.json()["fields"]["format"]


def test_another_vendor_sees_nothing(api, setup):
    plan = services.inspection_plan_create(
        actor=SYSTEM, hospital=setup["item"].hospital, name="巡检", contract=Contract.objects.get(number="YD-1"),
        template=setup["template"], items=[setup["item"]], cadence="yearly",
        calendar=BusinessCalendar.objects.get(code="7x24"),
    )  # fmt: skip
    number = services.inspection_plan_generate(actor=SYSTEM, plan=plan, year=2026).created[0].number
    stranger = api(setup["stranger"])
    assert stranger.get("/api/v1/inspections/").json()["count"] == 0
    assert stranger.get(f"/api/v1/inspections/{number}/").status_code == 404
    assert stranger.get("/api/v1/inspection-plans/").json()["count"] == 0
    assert api(setup["vendor"]).get(f"/api/v1/inspections/{number}/").status_code == 200


def test_a_plan_that_does_not_fit_is_refused_by_field(api, setup):
    answer = api(setup["engineer"]).post("/api/v1/inspection-plans/", {
        "name": "周巡检", "contract": "YD-1", "template": setup["template"].pk, "items": [setup["item"].pk],
        "cadence": "weekly", "days_each": 6,
    }, format="json")  # fmt: skip
    assert answer.status_code == 400 and "days_each" in answer.json()["fields"]


def test_activities_and_obligations_over_the_api(api, setup):
    from hisops.inspections.services import activity_plan_create, activity_plan_generate

    contract = Contract.objects.get(number="YD-1")
    plan = activity_plan_create(actor=SYSTEM, hospital=contract.hospital, name="月度厂商培训", kind="training",
                                subkind="maintenance", cadence="monthly", contract=contract,
                                calendar=BusinessCalendar.objects.get(code="cn-workday"))  # fmt: skip
    january = activity_plan_generate(actor=SYSTEM, plan=plan, year=2026)[0][0]
    vendor = api(setup["vendor"])
    recorded = vendor.post(f"/api/v1/activities/{january.number}/record/", {
        "done_on": "2026-01-30", "duration_minutes": 90, "attendees": {"vendor": 2, "clinical": 25},
        "outcome": "护理人员掌握新版医嘱执行流程",
    }, format="json")  # fmt: skip
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["status"] == "done" and recorded.json()["attendees"] == {
        "vendor": 2,
        "clinical": 25,
    }
    bad = vendor.post("/api/v1/activities/", {"kind": "drill", "subkind": "dance", "title": "x",
                                             "planned_on": "2026-05-01", "contract": "YD-1"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "subkind" in bad.json()["fields"]
    duties = (
        api(setup["engineer"])
        .get("/api/v1/obligations/", {"contract": contract.pk, "year": 2026})
        .json()
    )
    training = next(d for d in duties if d["kind"] == "training")
    assert training["period"] == "monthly" and training["required"] == 12 and training["done"] == 1
    assert "2026-02" in training["missed_periods"]
    quota = next(d for d in duties if d["kind"] == "quota")
    assert quota["name"] == "月度系统巡检"
    assert (
        api(setup["stranger"])
        .get("/api/v1/obligations/", {"contract": contract.pk, "year": 2026})
        .status_code
        == 404
    )
    assert api(setup["engineer"]).get("/api/v1/obligations/", {"year": 2026}).status_code == 400
