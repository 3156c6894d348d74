"""Clocks planned from a 0-minute target (the old "立即响应") get the immediate target's
default grace of 15 minutes. Those targets all run on ``7x24``, where business time is
wall time, so the due and warning times move by plain arithmetic (as derive() would)."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

GRACE = 15


def forwards(apps, schema_editor):
    SLAClock = apps.get_model("tickets", "SLAClock")
    now = timezone.now()
    for clock in SLAClock.objects.filter(duration_minutes=0, calendar__code="7x24").select_related(
        "ticket__contract"
    ):
        share = clock.ticket.contract.warning_share if clock.ticket.contract_id else 75
        start = clock.ticket.reported_at + timedelta(minutes=clock.paused_minutes)
        clock.duration_minutes, clock.immediate = GRACE, True
        clock.due_at = start + timedelta(minutes=GRACE)
        clock.warn_at = start + timedelta(minutes=GRACE * share // 100)
        clock.breached = (clock.met_at or now) > clock.due_at
        clock.save(update_fields=["duration_minutes", "immediate", "due_at", "warn_at", "breached"])


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0012_clock_immediate_service_item"),
        ("calendars", "0001_calendars_from_core"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
