"""Scheduled reports: written on the first working day after the period, once, and mailed
with their files."""

from datetime import date, timedelta

import pytest
from django.core import mail

from hisops.calendars.models import BusinessCalendar
from hisops.calendars.selectors import working_days
from hisops.calendars.services import statutory_holidays_seed
from hisops.core.errors import ValidationError
from hisops.notify.services import deliveries_due
from hisops.reports.models import Report
from hisops.reports.services import report_schedule_create, reports_due, reports_pending

pytestmark = pytest.mark.django_db


def test_a_monthly_report_after_the_national_day_holiday_is_written_once_and_mailed(
    it_admin, september
):
    report_schedule_create(actor=it_admin, hospital=it_admin.hospital, kind="monthly", contract=september,
                           recipients=["xxk@hospital.example.cn", " leader@hospital.example.cn "], formats=["pdf"])  # fmt: skip
    statutory_holidays_seed()
    calendar = BusinessCalendar.objects.get(code="cn-workday")
    first_working = working_days(calendar, date(2026, 10, 1), date(2026, 10, 31))[0]
    assert first_working > date(2026, 10, 7)  # 国庆: 1-7 October are holidays
    assert reports_due(today=date(2026, 10, 1)) == 0
    assert reports_due(today=first_working - timedelta(days=1)) == 0
    assert reports_due(today=first_working) == 1
    assert reports_due(today=first_working) == 0  # once per period
    report = Report.objects.get()
    assert (report.kind, report.period, report.schedule_id is not None) == (
        "monthly",
        "2026-09",
        True,
    )
    reports_pending()
    deliveries_due()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leader@hospital.example.cn",
        "xxk@hospital.example.cn",
    ]
    message = mail.outbox[0]
    assert "月度服务报告" in message.subject and "2026-09" in message.subject
    [(name, content, kind)] = message.attachments
    assert (
        name.endswith("2026-09.pdf") and content.startswith(b"%PDF") and kind == "application/pdf"
    )


def test_a_schedule_without_good_recipients_is_refused(it_admin, september):
    with pytest.raises(ValidationError) as refused:
        report_schedule_create(actor=it_admin, hospital=it_admin.hospital, kind="monthly", contract=september,
                               recipients=["信息科"])  # fmt: skip
    assert "信息科" in refused.value.fields["recipients"][0]
    with pytest.raises(ValidationError):
        report_schedule_create(
            actor=it_admin, hospital=it_admin.hospital, kind="weekly", recipients=["a@b.cn"]
        )


def test_a_scheduled_report_is_a_duty_done_when_written(it_admin, september):
    from hisops.inspections.selectors import obligation_list
    from hisops.reports.services import report_request, report_write

    report_schedule_create(actor=it_admin, hospital=it_admin.hospital, kind="monthly", contract=september,
                           recipients=["xxk@hospital.example.cn"], formats=["xlsx"])  # fmt: skip
    written = report_request(actor=it_admin, hospital=it_admin.hospital, kind="monthly", period="2026-09",
                             contract=september, formats=["xlsx"], background=False)  # fmt: skip
    report_write(report_id=written.pk)
    [duty] = [d for d in obligation_list(user=it_admin, contract=september, year=2026, today=date(2026, 11, 2))
              if d.kind == "report"]  # fmt: skip
    assert duty.name == "月度服务报告（定期）"
    by_month = {p.label: (p.required, p.done, p.missed) for p in duty.periods}
    assert by_month["2026-09"] == (1, 1, False)
    assert by_month["2026-10"] == (1, 0, True)
    assert by_month["2026-11"] == (1, 0, False)  # not over yet
