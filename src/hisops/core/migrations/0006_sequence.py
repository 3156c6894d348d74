# The counter behind readable numbers is core's Sequence now (tickets, problems, and the
# changes and inspections to come): the table and its unique rule take that name.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_numbering_from_tickets"),
        ("tickets", "0009_numbering_moved_out"),
    ]

    operations = [
        migrations.RenameModel(old_name="TicketNumber", new_name="Sequence"),
        migrations.RemoveConstraint(model_name="sequence", name="ticket_number_counter"),
        migrations.AddConstraint(
            model_name="sequence",
            constraint=models.UniqueConstraint(
                fields=("hospital", "prefix", "year"), name="sequence_unique"
            ),
        ),
    ]
