"""Changes and releases: the update document complete before submission, the test report
signed by the hospital's IT and never by the vendor, approval, a window outside freezes,
on the contract's release days and clear of other changes on the same or an affected
system, the item's version recorded at release and restored at rollback."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hisops.audit.models import AuditEvent
from hisops.calendars.services import statutory_holidays_import
from hisops.catalog.models import Item
from hisops.changes import services
from hisops.changes.models import DOCUMENT, Change
from hisops.changes.services import StepInput, change_create, change_test_record, change_transition
from hisops.contracts.models import Contract
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from tests.factories import ItemFactory

from ..conftest import covered_system

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]
WHOLE = {name: f"{label}：见附件" for name, label in DOCUMENT}


@pytest.fixture
def emr(hospital):
    """Seed 004's EMR contract: upgrades on statutory working days only."""
    return covered_system(
        hospital, code="EMR", contract="WR-EMR-2026", template="seed004-emr-service-items"
    )


@pytest.fixture
def people(make_user, emr):
    return {
        "admin": make_user(Role.IT_ADMIN, username="itadmin"),
        "engineer": make_user(Role.IT_ENGINEER, username="engineer"),
        "vendor": make_user(Role.VENDOR_ENGINEER, username="vendoreng", vendor=emr.vendor),
    }


@pytest.fixture
def year_2027():
    """2027's statutory dates (the example file), so release days in 2027 are known."""
    content = (ROOT / "docs" / "examples" / "holidays-example-2027.csv").read_bytes()
    statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=content)


def at(day: str, hour: int = 20) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def written(people, emr, **extra) -> Change:
    contract = Contract.objects.get(number="WR-EMR-2026")
    return change_create(actor=people["vendor"], hospital=emr.hospital, title="电子病历 5.2 升级", kind="upgrade",
                         items=[emr], contract=contract, **{**WHOLE, **extra})  # fmt: skip


def signed(people, emr, **extra) -> Change:
    change = written(people, emr, **extra)
    change_test_record(actor=people["vendor"], change=change, kind="functional", result="passed")
    change_transition(actor=people["vendor"], change=change, action="submit")
    change_transition(actor=people["engineer"], change=change, action="sign_test")
    return change_transition(actor=people["admin"], change=change, action="approve")


def schedule(people, change, start, end, who="engineer", override=""):
    return change_transition(actor=people[who], change=change, action="schedule",
                             data=StepInput(start=start, end=end, override=override))  # fmt: skip


def test_the_impact_assessment_is_written_from_the_cmdb(people, emr, hospital):
    from hisops.catalog.services import relation_create

    pacs = ItemFactory(hospital=hospital, code="PACS", name="PACS")
    relation_create(actor=SYSTEM, source=pacs, target=emr, kind="depends_on")
    change = written(people, emr, impact="")
    assert "PACS" in change.impact and emr.name in change.impact
    assert change.number.startswith(f"CHG-{timezone.localdate().year}-")


def test_submitting_an_incomplete_document_names_each_missing_part(people, emr):
    change = written(people, emr, risks="", backup_plan="")
    with pytest.raises(ValidationError) as refused:
        change_transition(actor=people["vendor"], change=change, action="submit")
    assert set(refused.value.fields) == {"risks", "backup_plan"}
    assert "风险" in refused.value.message or "Risks" in refused.value.message
    change.refresh_from_db()
    assert change.status == "draft"


def test_the_vendor_never_signs_its_own_test_report(people, emr):
    change = written(people, emr)
    change_transition(actor=people["vendor"], change=change, action="submit")
    with pytest.raises(PermissionDenied):
        change_transition(actor=people["vendor"], change=change, action="sign_test")
    with pytest.raises(ValidationError):  # nothing to sign yet
        change_transition(actor=people["engineer"], change=change, action="sign_test")
    change_test_record(
        actor=people["vendor"],
        change=change,
        kind="compatibility",
        result="failed",
        notes="Win7 报错",
    )
    with pytest.raises(ValidationError, match=r"兼容性|Compatibility"):
        change_transition(actor=people["engineer"], change=change, action="sign_test")
    change_test_record(actor=people["vendor"], change=change, kind="compatibility", result="passed")
    change = change_transition(actor=people["engineer"], change=change, action="sign_test")
    assert change.status == "tested" and change.test_signed_by == people["engineer"]
    with pytest.raises(PermissionDenied):  # approval is the IT administrator's
        change_transition(actor=people["engineer"], change=change, action="approve")


def test_scheduling_before_the_test_sign_off_is_refused(people, emr):
    change = written(people, emr)
    with pytest.raises(ValidationError) as refused:
        schedule(people, change, at("2027-03-02"), at("2027-03-02", 22))
    assert refused.value.code == "test_not_signed"


def test_bad_windows_are_refused(people, emr):
    change = signed(people, emr)
    with pytest.raises(ValidationError):
        schedule(people, change, at("2027-03-02", 22), at("2027-03-02", 20))
    with pytest.raises(ValidationError):
        schedule(people, change, timezone.now() - timedelta(days=1), timezone.now())


def test_a_freeze_window_refuses_the_schedule_hospital_wide_and_per_item(
    people, emr, hospital, year_2027
):
    change = signed(people, emr)
    window = services.freeze_window_create(actor=people["admin"], hospital=hospital, name="月末医保结算",
                                           start=at("2027-03-30", 0), end=at("2027-04-02", 0))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        schedule(people, change, at("2027-03-31"), at("2027-03-31", 22))
    assert refused.value.code == "frozen" and "月末医保结算" in refused.value.message
    services.freeze_window_delete(actor=people["admin"], window=window)
    other = ItemFactory(hospital=hospital, code="LIS")
    services.freeze_window_create(actor=people["admin"], hospital=hospital, name="LIS 等保测评", item=other,
                                  start=at("2027-03-30", 0), end=at("2027-04-02", 0))  # fmt: skip
    services.freeze_window_create(actor=people["admin"], hospital=hospital, name="EMR 等保测评", item=emr,
                                  start=at("2027-04-05", 0), end=at("2027-04-07", 0))  # fmt: skip
    assert schedule(people, change, at("2027-03-31"), at("2027-03-31", 22)).status == "scheduled"
    with pytest.raises(ValidationError, match="EMR 等保测评"):
        schedule(people, change, at("2027-04-06"), at("2027-04-06", 22))


def test_the_contracts_release_days_follow_the_statutory_calendar(people, emr):
    """Seed 004 3.7: 2027-02-08 is in 春节; the 调休 Sunday 2027-02-14 is a working day, once
    2027's dates are imported."""
    change = signed(people, emr)
    with pytest.raises(ValidationError) as refused:
        schedule(people, change, at("2027-02-14"), at("2027-02-14", 22))
    assert refused.value.code == "outside_calendar" and "2027" in refused.value.message
    content = (ROOT / "docs" / "examples" / "holidays-example-2027.csv").read_bytes()
    statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=content)
    with pytest.raises(ValidationError) as refused:
        schedule(people, change, at("2027-02-08"), at("2027-02-08", 22))
    assert refused.value.code == "outside_calendar" and "2027-02-08" in refused.value.message
    assert schedule(people, change, at("2027-02-14"), at("2027-02-14", 22)).status == "scheduled"


def test_an_overlapping_change_on_the_same_or_an_affected_system_is_a_conflict(
    people, emr, hospital, year_2027
):
    from hisops.catalog.services import relation_create

    first = signed(people, emr)
    schedule(people, first, at("2027-03-02", 20), at("2027-03-02", 23))
    second = signed(people, emr)
    with pytest.raises(Conflict) as clash:
        schedule(people, second, at("2027-03-02", 22), at("2027-03-03", 1))
    assert clash.value.status == 409 and first.number in clash.value.message
    assert clash.value.extra["conflicts"] == [first.number]

    # An interface of the EMR is affected by the EMR's upgrade: a change on it clashes too.
    iface = Item.objects.create(
        hospital=hospital, code="EMR-LIS", name="EMR→LIS 接口", kind="interface", source=emr
    )
    relation_create(actor=SYSTEM, source=iface, target=emr, kind="depends_on")
    third = change_create(actor=people["engineer"], hospital=hospital, title="接口改造", kind="interface",
                          items=[iface], **WHOLE)  # fmt: skip
    change_test_record(actor=people["engineer"], change=third, kind="functional", result="passed")
    change_transition(actor=people["engineer"], change=third, action="submit")
    change_transition(actor=people["engineer"], change=third, action="sign_test")
    change_transition(actor=people["admin"], change=third, action="approve")
    with pytest.raises(Conflict):
        schedule(people, third, at("2027-03-02", 21), at("2027-03-02", 22))
    with pytest.raises(PermissionDenied):  # only the IT administrator accepts a clash
        schedule(people, third, at("2027-03-02", 21), at("2027-03-02", 22), override="急需")
    accepted = schedule(
        people,
        third,
        at("2027-03-02", 21),
        at("2027-03-02", 22),
        who="admin",
        override="医保局要求当晚上线",
    )
    assert accepted.status == "scheduled"
    logged = AuditEvent.objects.filter(
        action="changes.change.schedule", object_id=str(third.pk)
    ).get()
    assert "医保局要求当晚上线" in logged.message


def test_release_records_the_version_and_rollback_restores_it(people, emr, year_2027):
    emr.version = "5.1"
    emr.save()
    change = signed(people, emr)
    schedule(people, change, at("2027-03-02"), at("2027-03-02", 22))
    change_transition(actor=people["vendor"], change=change, action="start")
    with pytest.raises(PermissionDenied):  # the hospital verifies the release
        change_transition(actor=people["vendor"], change=change, action="release",
                          data=StepInput(versions={emr.pk: "5.2"}))  # fmt: skip
    change = change_transition(actor=people["engineer"], change=change, action="release",
                               data=StepInput(versions={emr.pk: "5.2"}))  # fmt: skip
    emr.refresh_from_db()
    assert change.status == "released" and emr.version == "5.2"
    with pytest.raises(ValidationError):  # released: no cancelling any more
        change_transition(
            actor=people["vendor"], change=change, action="cancel", data=StepInput(reason="x")
        )
    with pytest.raises(ValidationError):  # a rollback says why
        change_transition(actor=people["engineer"], change=change, action="rollback")
    change = change_transition(actor=people["engineer"], change=change, action="rollback",
                               data=StepInput(reason="病历保存偶发超时"))  # fmt: skip
    emr.refresh_from_db()
    assert change.status == "rolled_back" and emr.version == "5.1"
    assert services.may(people["engineer"], change, "review")
    change = change_transition(actor=people["engineer"], change=change, action="review",
                               data=StepInput(review="索引重建脚本遗漏；下次先在测试库演练"))  # fmt: skip
    assert change.reviewed_at and not services.may(people["engineer"], change, "review")
    history = list(change.events.values_list("action", flat=True))
    assert history == ["create", "test", "submit", "sign_test", "approve", "schedule", "start", "release",
                       "rollback", "review"]  # fmt: skip


def test_a_change_is_cancelled_at_any_point_before_release(people, emr):
    change = signed(people, emr)
    change = change_transition(actor=people["vendor"], change=change, action="cancel",
                               data=StepInput(reason="医院推迟"))  # fmt: skip
    assert change.status == "cancelled"


def test_vendors_see_and_touch_only_their_own_changes(people, emr, hospital, make_user, api):
    from tests.factories import VendorFactory

    change = written(people, emr)
    stranger = make_user(
        Role.VENDOR_ENGINEER, username="other", vendor=VendorFactory(hospital=hospital)
    )
    assert api(stranger).get(f"/api/v1/changes/{change.number}/").status_code == 404
    assert api(stranger).get("/api/v1/changes/").json()["count"] == 0
    with pytest.raises(PermissionDenied):
        change_test_record(actor=stranger, change=change, kind="functional", result="passed")
    nurse = make_user(Role.CLINICIAN)
    assert api(nurse).get("/api/v1/changes/").json()["count"] == 0


def test_a_disguised_test_report_is_refused(people, emr):
    change = written(people, emr)
    exe = SimpleUploadedFile(
        "测试报告.pdf", b"MZ\x90\x00" + b"\0" * 100, content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as refused:
        change_test_record(
            actor=people["vendor"], change=change, kind="functional", result="passed", report=exe
        )
    assert "report" in refused.value.fields
    assert not change.tests.exists()
    pdf = SimpleUploadedFile(
        "测试报告.pdf", b"%PDF-1.4\n" + b"0" * 100, content_type="application/pdf"
    )
    change_test_record(
        actor=people["vendor"], change=change, kind="functional", result="passed", report=pdf
    )
    change.refresh_from_db()
    assert len(change.test_report_sha256) == 64


def test_the_api_walks_a_change_and_answers_each_refusal_by_code(people, emr, api, year_2027):
    vendor, it, admin = api(people["vendor"]), api(people["engineer"]), api(people["admin"])
    made = vendor.post("/api/v1/changes/", {"title": "接口升级", "kind": "interface", "items": [emr.pk],
                                            "contract": "WR-EMR-2026", **WHOLE}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    url = f"/api/v1/changes/{number}/transitions/"
    early = it.post(url, {"action": "schedule", "start": "2027-03-02T20:00:00+08:00", "end": "2027-03-02T22:00:00+08:00"},
                    format="json")  # fmt: skip
    assert early.status_code == 400 and early.json()["code"] == "test_not_signed"
    assert (
        vendor.post(
            f"/api/v1/changes/{number}/tests/", {"kind": "functional", "result": "passed"}
        ).status_code
        == 201
    )
    assert vendor.post(url, {"action": "submit"}, format="json").status_code == 200
    assert vendor.post(url, {"action": "sign_test"}, format="json").status_code == 403
    assert it.post(url, {"action": "sign_test"}, format="json").json()["status"] == "tested"
    assert admin.post(url, {"action": "approve"}, format="json").json()["status"] == "approved"
    done = it.post(url, {"action": "schedule", "start": "2027-03-02T20:00:00+08:00", "end": "2027-03-02T22:00:00+08:00"},
                   format="json")  # fmt: skip
    assert done.status_code == 200 and done.json()["start"].startswith("2027-03-02T")
    body = it.get(f"/api/v1/changes/{number}/").json()
    assert [h["action"] for h in body["history"]][-1] == "schedule" and body["tests"][0][
        "kind"
    ] == "functional"
    frozen = admin.post("/api/v1/freeze-windows/", {"name": "等保测评周", "start": "2027-03-08T00:00:00+08:00",
                                                    "end": "2027-03-13T00:00:00+08:00"}, format="json")  # fmt: skip
    assert frozen.status_code == 201
    moved = it.post(url, {"action": "schedule", "start": "2027-03-09T20:00:00+08:00", "end": "2027-03-09T22:00:00+08:00"},
                    format="json")  # fmt: skip
    assert moved.status_code == 400 and moved.json()["code"] == "frozen"


def test_a_review_is_taken_only_when_one_is_due_and_only_once(people, emr, hospital, year_2027):
    """The page offers the review after a failure, a rollback or a change to a whole
    system; the service refuses it otherwise, and refuses a second one."""
    module = ItemFactory(
        hospital=hospital, code="EMR-M1", name="病历质控模块", kind="module", parent=emr
    )
    change = change_create(actor=people["engineer"], hospital=hospital, title="质控规则调整", kind="configuration",
                           items=[module], **WHOLE)  # fmt: skip
    change_test_record(actor=people["engineer"], change=change, kind="functional", result="passed")
    for who, action in (("engineer", "submit"), ("engineer", "sign_test"), ("admin", "approve")):
        change = change_transition(actor=people[who], change=change, action=action)
    schedule(people, change, at("2027-03-02"), at("2027-03-02", 22))
    change_transition(actor=people["engineer"], change=change, action="start")
    change = change_transition(actor=people["engineer"], change=change, action="release")
    assert not services.may(people["engineer"], change, "review")
    with pytest.raises(ValidationError):  # a module released cleanly: no review asked
        change_transition(
            actor=people["engineer"], change=change, action="review", data=StepInput(review="x")
        )
    change = change_transition(actor=people["engineer"], change=change, action="rollback",
                               data=StepInput(reason="报表异常"))  # fmt: skip
    change = change_transition(
        actor=people["engineer"], change=change, action="review", data=StepInput(review="已复盘")
    )
    with pytest.raises(ValidationError):
        change_transition(
            actor=people["engineer"], change=change, action="review", data=StepInput(review="再来")
        )
    change.refresh_from_db()
    assert change.review == "已复盘"
