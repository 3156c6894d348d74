import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError

from hisops.accounts.models import User
from hisops.core.models import Heartbeat, Hospital
from hisops.ops.scheduler import EmbeddedScheduler

pytestmark = pytest.mark.django_db


def test_settings_are_timezone_aware_chinese_first():
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)


def test_healthz_ok_and_says_nothing_about_the_installation_to_strangers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "version" not in response.json() and "database" not in response.json()


def test_healthz_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken():
        raise OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_embedded_scheduler_runs_the_beat_schedule_once_per_interval():
    scheduler = EmbeddedScheduler()
    every_minute = [
        "core-heartbeat",
        "sla-sweep",
        "monitoring-payloads",
        "reports-pending",
        "checks-due",
        "intake-mailboxes",
        "oncall-escalations",
        "notify-deliveries",
    ]
    every_run = [
        *every_minute,
        "tickets-auto-confirm",
        "contract-expiry-reminders",
        "quota-shortfalls",
        "quality-rules",
        "obligations-missed",
        "dormant-accounts",
        "audit-archive",
        "audit-chain-check",
        "staffing-checks",
        "reports-due",
    ]
    assert scheduler.run_due(now=1000.0) == every_run
    assert Heartbeat.objects.filter(name="core-heartbeat").exists()
    assert scheduler.run_due(now=1005.0) == []
    assert scheduler.run_due(now=1010.0) == [
        "monitoring-payloads",
        "reports-pending",
    ]  # every 10 seconds
    assert scheduler.run_due(now=1061.0) == every_minute
    hourly = [n for n in every_run if n not in ("dormant-accounts", "audit-archive")]  # 6 h, a day
    assert scheduler.run_due(now=1000.0 + 3601) == hourly


def test_embedded_scheduler_runs_the_schedule_as_admins_edited_it():
    """Beat and the embedded scheduler run one schedule: django-celery-beat's table."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    scheduler = EmbeddedScheduler()
    scheduler.run_due(now=1000.0)
    PeriodicTask.objects.filter(name="sla-sweep").update(enabled=False)
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.filter(name="intake-mailboxes").update(interval=hourly)
    ran = scheduler.run_due(now=1061.0)
    assert "sla-sweep" not in ran and "intake-mailboxes" not in ran
    assert "core-heartbeat" in ran
    assert "intake-mailboxes" in scheduler.run_due(now=1000.0 + 3601)


def test_init_is_safe_to_run_twice(capsys):
    call_command("init", admin="root", password="Platform-admin-2026!")
    call_command("init", admin="root", password="Platform-admin-2026!")
    admin = User.objects.get(username="root")
    assert admin.is_superuser and admin.check_password("Platform-admin-2026!")
    assert "left unchanged" in capsys.readouterr().out


def test_hospital_create_command():
    call_command("hospital", "create", "GZ1", "--name", "广州某医院", "--level", "3A")
    assert Hospital.objects.get(code="GZ1").name == "广州某医院"


def test_language_switch_serves_english(client, it_admin):
    client.force_login(it_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_background_work_is_enqueued_after_commit_and_embedded_runs_or_waits_for_the_sweep(
    django_capture_on_commit_callbacks,
):
    from celery import shared_task

    from hisops.core.tasks import enqueue

    ran = []

    @shared_task(name="tests.record")
    def record(value):
        ran.append(value)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue(record, 1)
        enqueue(record, 2, embedded="sweep")
        assert ran == []  # nothing before the commit
    assert len(callbacks) == 2
    assert ran == [1]  # embedded: run now, or left to the periodic sweep
    with pytest.raises(ValueError):
        enqueue(record, 3, embedded="later")


def test_an_error_is_described_by_its_own_words_before_its_field_codes():
    from hisops.core.errors import ValidationError

    plain = ValidationError(fields={"title": ["This field is required."]})
    assert plain.describe() == "title: This field is required."
    worded = ValidationError(
        "The update document is missing: Risks.", fields={"risks": ["This field is required."]}
    )
    assert worded.describe() == "The update document is missing: Risks."
    assert ValidationError().describe() == str(ValidationError.default_message)
