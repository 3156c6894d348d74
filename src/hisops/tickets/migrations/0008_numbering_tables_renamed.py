# Readable numbering moves to core: tickets, problems, changes and inspections all number their records.
# Step 1: the tables take the new app's names while tickets still owns the models.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('tickets', '0007_calendars_app'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='ticketnumber',
            table='core_ticketnumber',
        ),
    ]
