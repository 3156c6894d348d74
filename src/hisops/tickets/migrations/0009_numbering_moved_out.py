# Readable numbering moves to core: tickets, problems, changes and inspections all number their records.
# Last step: tickets lets go of the models; the tables and rows stay, owned by core.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('tickets', '0008_numbering_tables_renamed'),
        ('core', '0005_numbering_from_tickets'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='TicketNumber',
                ),
            ]
        ),
    ]
