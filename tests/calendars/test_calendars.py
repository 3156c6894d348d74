"""Business calendars with the real statutory data, as `hisops init` loads it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hisops.audit.models import AuditEvent
from hisops.calendars import selectors as calendars
from hisops.calendars.events import calendar_changed
from hisops.calendars.models import BusinessCalendar, CalendarOverride
from hisops.calendars.services import (
    HolidaysInvalid,
    calendar_override_set,
    shipped_calendars_ensure,
    statutory_holidays_import,
    statutory_holidays_seed,
)
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

CN = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=CN)


@pytest.fixture
def cn(db):
    shipped_calendars_ensure()
    statutory_holidays_seed()
    return BusinessCalendar.objects.get(code="cn-workday")


@pytest.fixture
def around_the_clock(cn):
    return BusinessCalendar.objects.get(code="7x24")


def due(calendar, start, duration, unit="minutes"):
    return calendars.deadline(calendar, start, duration, unit)


def test_national_day_2026_pushes_a_working_day_to_october_8(cn):
    result = due(cn, at(2026, 9, 30, 16, 0), 480)
    assert result.due_at == at(2026, 10, 8, 16, 0)
    assert result.holiday_data_missing is False


def test_make_up_workdays_2026_count(cn):
    # Saturday 2026-09-19 17:00: the next working time is Sunday 09-20, a make-up day.
    assert due(cn, at(2026, 9, 19, 17, 0), 60).due_at == at(2026, 9, 20, 9, 0)
    # Friday 2026-10-09 17:00 + 2 h: Saturday 10-10 is a make-up day.
    assert due(cn, at(2026, 10, 9, 17, 0), 120).due_at == at(2026, 10, 10, 9, 0)


def test_mid_autumn_2026_does_not_count(cn):
    # Thursday 09-24 17:00 + 2 h: Friday 09-25 to Sunday 09-27 are off.
    assert due(cn, at(2026, 9, 24, 17, 0), 120).due_at == at(2026, 9, 28, 9, 0)


def test_lunch_break_does_not_count(cn):
    assert due(cn, at(2026, 9, 28, 11, 0), 2, "hours").due_at == at(2026, 9, 28, 15, 0)


def test_working_days_are_the_calendars_standard_day_length(cn):
    assert due(cn, at(2026, 9, 28, 9, 0), 1, "working_days").due_at == at(2026, 9, 29, 9, 0)
    assert due(cn, at(2026, 9, 28, 9, 0), 1, "working_days").business_minutes == 480


def test_a_year_without_data_raises_the_flag_and_data_clears_it(cn):
    start = at(2027, 3, 1, 9, 0)
    assert due(cn, start, 60).holiday_data_missing is True
    assert due(cn, at(2026, 12, 31, 17, 0), 120).holiday_data_missing is True  # crosses into 2027
    calendar_override_set(
        actor=SYSTEM, calendar=cn, date=date(2027, 1, 1), kind="holiday", name="元旦"
    )
    cn.refresh_from_db()
    assert due(cn, start, 60).holiday_data_missing is False
    # ...and 2027-01-01 is now a holiday: 2026-12-31 17:00 + 2 h lands on Monday 01-04.
    assert due(cn, at(2026, 12, 31, 17, 0), 120).due_at == at(2027, 1, 4, 9, 0)


def test_seven_by_twenty_four_never_needs_holiday_data(around_the_clock):
    result = due(around_the_clock, at(2030, 10, 1, 23, 30), 90)
    assert result.due_at == at(2030, 10, 2, 1, 0)
    assert result.holiday_data_missing is False


def test_a_hospital_calendar_takes_statutory_days_but_keeps_its_own_hours(cn, hospital):
    mine = BusinessCalendar.objects.create(
        code="a-workday",
        name="甲医院工作日",
        hospital=hospital,
        weekly=["08:00-12:00,14:00-17:30"] * 5 + ["", ""],
        workday_minutes=450,
        holidays_from=cn,
    )
    # Friday 10-09 17:00 + 60 min: 30 min that evening, then the make-up Saturday from 08:00.
    assert due(mine, at(2026, 10, 9, 17, 0), 60).due_at == at(2026, 10, 10, 8, 30)
    assert due(mine, at(2027, 3, 1, 9, 0), 60).holiday_data_missing is True


def test_seed_is_idempotent_and_keeps_admin_corrections(cn):
    fixed = CalendarOverride.objects.get(calendar=cn, date=date(2026, 10, 1))
    CalendarOverride.objects.filter(pk=fixed.pk).update(name="国庆节（已核对）")
    assert statutory_holidays_seed() == []
    fixed.refresh_from_db()
    assert fixed.name == "国庆节（已核对）"
    assert calendars.covered_years(cn) >= set(range(2004, 2027))


def test_holiday_file_import_replaces_that_year_and_is_all_or_nothing(cn):
    good = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-14,workday,春节\n".encode()
    result = statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=good)
    assert result["years"] == [2027] and result["days"] == 2
    again = statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=good)
    assert again["replaced"] == 2
    assert cn.overrides.filter(date__year=2027).count() == 2

    bad = "date,kind,name\n2027-10-01,holiday,国庆节\n2027-13-01,holiday,x\n2027-10-02,party,y\n".encode()
    with pytest.raises(HolidaysInvalid) as err:
        statutory_holidays_import(actor=SYSTEM, file_name="2027.csv", content=bad)
    assert [r["row"] for r in err.value.extra["rows"]] == [3, 4]
    assert not cn.overrides.filter(date=date(2027, 10, 1)).exists()


def test_json_holiday_files_are_read(cn):
    content = '[{"date": "2028-01-01", "kind": "holiday", "name": "元旦"}]'.encode()
    assert (
        statutory_holidays_import(actor=SYSTEM, file_name="2028.json", content=content)["days"] == 1
    )


def test_only_it_admins_change_calendars(cn, make_user):
    with pytest.raises(PermissionDenied):
        calendar_override_set(
            actor=make_user(Role.IT_ENGINEER), calendar=cn, date=date(2027, 1, 1), kind="holiday"
        )
    override = calendar_override_set(
        actor=make_user(Role.IT_ADMIN),
        calendar=cn,
        date=date(2027, 1, 1),
        kind="holiday",
        name="元旦",
    )
    assert AuditEvent.objects.filter(
        action="core.calendar.override_set", object_id=str(override.pk)
    ).exists()


def test_changes_announce_the_calendars_and_years_after_commit(
    cn, django_capture_on_commit_callbacks
):
    heard = []
    handler = calendar_changed.connect(lambda **payload: heard.append(payload))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            calendar_override_set(actor=SYSTEM, calendar=cn, date=date(2027, 5, 1), kind="holiday")
    finally:
        calendar_changed.disconnect(handler)
    assert heard == [{"calendar_ids": [cn.pk], "years": [2027]}]


def test_api_deadline_and_overrides(cn, api, make_user):
    client = api(make_user(Role.IT_ADMIN))
    body = client.post(
        "/api/v1/calendars/cn-workday/deadline/",
        {"start": "2026-09-30T16:00:00+08:00", "duration": 480, "unit": "minutes"},
        format="json",
    ).json()
    assert body == {
        "due_at": "2026-10-08T16:00:00+08:00",
        "holiday_data_missing": False,
        "business_minutes": 480,
    }

    bad = client.post(
        "/api/v1/calendars/cn-workday/deadline/",
        {"start": "soon", "duration": -1, "unit": "weeks"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"start", "duration", "unit"}
    assert client.post("/api/v1/calendars/nope/deadline/", {}, format="json").status_code == 404

    created = client.post(
        "/api/v1/calendars/cn-workday/overrides/",
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
        format="json",
    )
    assert created.status_code == 201
    listed = client.get("/api/v1/calendars/cn-workday/overrides/", {"year": 2027}).json()
    assert [o["date"] for o in listed["results"]] == ["2027-01-01"]
    codes = [c["code"] for c in client.get("/api/v1/calendars/").json()["results"]]
    assert codes == ["7x24", "cn-workday"]
    assert 2027 in client.get("/api/v1/calendars/cn-workday/").json()["holiday_years"]


def test_other_hospitals_calendars_are_404(cn, api, make_user, other_hospital):
    BusinessCalendar.objects.create(
        code="b-only", name="乙", hospital=other_hospital, weekly=[""] * 7
    )
    client = api(make_user(Role.IT_ADMIN))
    assert client.get("/api/v1/calendars/b-only/").status_code == 404


def test_cli_deadline_and_import(cn, tmp_path, capsys):
    call_command(
        "calendar",
        "deadline",
        "--calendar",
        "cn-workday",
        "--start",
        "2026-09-30T16:00",
        "--duration",
        "480",
        "--unit",
        "minutes",
    )
    assert capsys.readouterr().out.strip() == "2026-10-08T16:00:00+08:00"
    call_command(
        "calendar",
        "deadline",
        "--calendar",
        "cn-workday",
        "--start",
        "2027-03-01T09:00+08:00",
        "--duration",
        "1",
        "--unit",
        "hours",
    )
    assert "holiday_data_missing" in capsys.readouterr().err
    with pytest.raises(CommandError, match="unknown calendar"):
        call_command(
            "calendar",
            "deadline",
            "--calendar",
            "x",
            "--start",
            "2026-01-01",
            "--duration",
            "1",
            "--unit",
            "hours",
        )
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    call_command("calendar", "import-holidays", str(path))
    assert cn.overrides.filter(date=date(2027, 1, 1)).exists()


def test_calendar_pages(cn, client, make_user):
    client.force_login(make_user(Role.IT_ENGINEER))
    assert client.get("/calendars/").status_code == 200
    page = client.get("/calendars/cn-workday/?month=2026-10").content.decode()
    assert "国庆节" in page and 'data-testid="override-form"' not in page  # engineers may not edit
    fragment = client.post(
        "/calendars/cn-workday/deadline/",
        {"start": "2026-09-30T16:00", "duration": 480, "unit": "minutes"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "2026-10-08 16:00" in fragment
    assert client.get("/calendars/nope/").status_code == 404
    refused = client.post(
        "/calendars/cn-workday/overrides/", {"date": "2027-01-01", "kind": "holiday"}
    )
    assert refused.status_code == 403


def test_it_admin_sets_and_removes_a_date_on_the_page(cn, client, make_user):
    client.force_login(make_user(Role.IT_ADMIN))
    response = client.post(
        "/calendars/cn-workday/overrides/",
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?month=2027-01")
    assert cn.overrides.filter(date=date(2027, 1, 1)).exists()
    client.post("/calendars/cn-workday/overrides/2027-01-01/delete/")
    assert not cn.overrides.filter(date=date(2027, 1, 1)).exists()
    assert client.post("/calendars/cn-workday/overrides/2027-02-30/delete/").status_code == 404


def test_cli_holiday_import_fails_with_a_row_report(cn, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,x\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("calendar", "import-holidays", str(path))
    assert "第 3 行，date" in capsys.readouterr().err
    assert not cn.overrides.filter(date__year=2027).exists()


def test_covered_years_are_read_once_per_version_and_new_data_is_seen_at_once(
    django_assert_num_queries,
):
    from hisops.calendars.models import BusinessCalendar as Calendar
    from hisops.calendars.selectors import covered_years
    from hisops.calendars.services import calendar_override_set

    shipped_calendars_ensure()
    statutory_holidays_seed()
    workday = Calendar.objects.get(code="cn-workday")
    assert 2027 not in covered_years(workday)
    with django_assert_num_queries(0):  # the same version: no second read
        assert 2026 in covered_years(workday)
    calendar_override_set(
        actor=SYSTEM, calendar=workday, date=date(2027, 1, 1), kind="holiday", name="元旦"
    )
    assert 2027 in covered_years(Calendar.objects.get(code="cn-workday"))
