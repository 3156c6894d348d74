"""A 0-minute target was how "立即响应" used to be stored: every such ticket was breached
the moment it was created. It becomes an immediate target with the default grace of 15
minutes (what the contract may now state); the service items likewise."""

from django.db import migrations

GRACE = 15


def forwards(apps, schema_editor):
    SLATarget = apps.get_model("contracts", "SLATarget")
    ServiceItem = apps.get_model("contracts", "ServiceItem")
    SLATarget.objects.filter(duration=0).update(duration=GRACE, unit="minutes", immediate=True)
    ServiceItem.objects.filter(response_duration=0).update(
        response_duration=GRACE, response_unit="minutes", response_immediate=True
    )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0008_immediate_targets")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
