"""Resident staffing: the contract's roles and named people, check-in and check-out on
working days of the hospital's hours, the monthly sheet, the shortfall warning, and the
certificates the team must hold."""

from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from hisops.accounts.services import vendor_qualification_add
from hisops.contracts.exporting import attendance_workbook
from hisops.contracts.models import Attendance, Contract
from hisops.contracts.selectors import certificate_states
from hisops.contracts.services import (
    attendance_check_in,
    attendance_check_out,
    attendance_shortfalls_notify,
    certificates_remind,
    staffing_role_set,
)
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import ValidationError
from hisops.notify.models import Notification

from ..conftest import covered_system

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def platform(hospital):
    covered_system(hospital, code="HC", contract="PLAT-1", template="seed003-platform")
    return Contract.objects.get(number="PLAT-1")


@pytest.fixture
def resident(make_user, platform):
    person = make_user(Role.VENDOR_ENGINEER, vendor=platform.vendor, full_name="钱驻场")
    staffing_role_set(
        actor=SYSTEM, contract=platform, name="驻场工程师", count=2, resident=True, people=[person]
    )
    return person


def test_seed_003_requires_two_resident_engineers(platform):
    roles = {r.name: (r.count, r.resident) for r in platform.staffing.all()}
    assert roles == {"驻场工程师": (2, True), "远程研发": (3, False)}


def test_a_resident_checks_in_and_out_on_a_working_day(resident, platform):
    # Wednesday 2026-12-02, 08:10 Shanghai: the cn-workday hours start at 08:00.
    row = attendance_check_in(actor=resident, at=datetime(2026, 12, 2, 8, 10, tzinfo=SH))
    assert (row.contract, row.day) == (platform, date(2026, 12, 2))
    with pytest.raises(ValidationError) as twice:
        attendance_check_in(actor=resident, at=datetime(2026, 12, 2, 9, 0, tzinfo=SH))
    assert twice.value.code == "checked_in"
    out = attendance_check_out(actor=resident, at=datetime(2026, 12, 2, 17, 40, tzinfo=SH))
    assert out.checked_out_at == datetime(2026, 12, 2, 17, 40, tzinfo=SH)


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 12, 6, 9, 0, tzinfo=SH),  # a Sunday
        datetime(2026, 10, 1, 9, 0, tzinfo=SH),  # National Day
        datetime(2026, 12, 2, 5, 30, tzinfo=SH),  # before the hours (and the hour before them)
        datetime(2026, 12, 2, 21, 0, tzinfo=SH),  # after them
    ],
)
def test_a_check_in_outside_the_hospitals_hours_is_refused(resident, at):
    from hisops.calendars.services import statutory_holidays_seed

    statutory_holidays_seed()  # what `hisops init` loads: 2026's holidays and 调休
    with pytest.raises(ValidationError) as refused:
        attendance_check_in(actor=resident, at=at)
    assert refused.value.code == "outside_hours"
    assert not Attendance.objects.exists()


def test_someone_not_named_as_resident_cannot_check_in(make_user, platform):
    stranger = make_user(Role.VENDOR_ENGINEER, vendor=platform.vendor)
    with pytest.raises(ValidationError) as refused:
        attendance_check_in(actor=stranger, at=datetime(2026, 12, 2, 9, 0, tzinfo=SH))
    assert refused.value.code == "not_resident"


def test_too_few_on_site_is_told_once_a_day(
    django_capture_on_commit_callbacks, resident, platform, make_user
):
    make_user(Role.IT_ADMIN)
    attendance_check_in(actor=resident, at=datetime(2026, 12, 2, 8, 5, tzinfo=SH))
    early = attendance_shortfalls_notify(now=datetime(2026, 12, 2, 8, 30, tzinfo=SH))
    told = attendance_shortfalls_notify(now=datetime(2026, 12, 2, 9, 30, tzinfo=SH))
    again = attendance_shortfalls_notify(now=datetime(2026, 12, 2, 10, 30, tzinfo=SH))
    assert (early, again) == (0, 0) and told >= 1
    title = Notification.objects.get(kind="staffing_shortfall").title
    assert title == "PLAT-1：今天驻场 1 人，合同要求 2 人"


def test_the_monthly_sheet_lists_each_working_day_and_shades_short_ones(resident, platform):
    attendance_check_in(actor=resident, at=datetime(2026, 12, 2, 8, 10, tzinfo=SH))
    attendance_check_out(actor=resident, at=datetime(2026, 12, 2, 17, 35, tzinfo=SH))
    book = load_workbook(BytesIO(attendance_workbook(platform, date(2026, 12, 1))))
    rows = list(book.worksheets[0].values)
    day = next(r for r in rows if r[0] == "2026-12-02")
    assert day[2] == "08:10-17:35" and (day[3], day[4]) == (1, 2)
    assert not any(r[0] == "2026-12-06" for r in rows)  # a Sunday nobody came
    assert list(book.worksheets[1].values)[1] == ("钱驻场", 1)


def test_the_phone_page_checks_in(client, resident, platform, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 8, 10, tzinfo=SH))
    client.force_login(resident)
    page = client.get("/contracts/attendance/").content.decode()
    assert 'data-testid="attendance-in"' in page
    client.post("/contracts/attendance/", {"action": "in"})
    assert Attendance.objects.filter(person=resident).exists()
    assert 'data-testid="attendance-today"' in client.get("/contracts/attendance/").content.decode()


def test_certificates_missing_or_expiring_are_shown_and_told(hospital, it_admin, make_user, client):
    covered_system(hospital, code="DB", contract="SA-1", template="seed002-database")
    contract = Contract.objects.get(number="SA-1")
    today = date(2026, 12, 2)
    vendor_qualification_add(actor=SYSTEM, vendor=contract.vendor, person_name="孙数据", certificate="PMP",
                             expires_on=today + timedelta(days=30))  # fmt: skip
    vendor_qualification_add(
        actor=SYSTEM, vendor=contract.vendor, person_name="孙数据", certificate="系统分析师"
    )
    states = {c.name: c.state for c in certificate_states(contract, today)}
    assert (
        states["PMP"] == "expiring"
        and states["系统分析师"] == "ok"
        and states["数据库系统工程师"] == "missing"
    )
    told = certificates_remind(today=today)
    assert told >= 1 and certificates_remind(today=today) == 0
    titles = list(Notification.objects.filter(kind="certificate").values_list("title", flat=True))
    assert any("PMP" in t for t in titles) and any("数据库系统工程师" in t for t in titles)
    client.force_login(it_admin)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'data-testid="certificates"' in page and 'data-state="missing"' in page
