# Readable numbering moves to core: tickets, problems, changes and inspections all number their records.
# Step 2: core adopts the models on the renamed tables; nothing is created.

from django.db import migrations
from django.db import models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ('core', '0004_calendars_moved_out'),
        ('tickets', '0008_numbering_tables_renamed'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TicketNumber',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital')), ('prefix', models.CharField(max_length=8)), ('year', models.PositiveSmallIntegerField()), ('last', models.PositiveIntegerField(default=0))),
                    options={
                        'constraints': [models.UniqueConstraint(fields=('hospital', 'prefix', 'year'), name='ticket_number_counter')],
                        'indexes': [],
                    },
                ),
            ]
        ),
    ]
