# Business calendars moved from core to their own app: keys point at the new model.
# State only: the key columns and their targets (the renamed tables) do not change.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_contracts_sla_quotas"), ("calendars", "0001_calendars_from_core")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='serviceitem', name='response_calendar', field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='calendars.businesscalendar', verbose_name='calendar')),
                migrations.AlterField(model_name='slatarget', name='calendar', field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='calendars.businesscalendar', verbose_name='calendar')),
            ]
        )
    ]
