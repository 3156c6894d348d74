# WeCom applications, mailboxes and the inbound record move from notify (outbound only) to intake.
# Last step: notify lets go of the models; the tables and rows stay, owned by intake.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('notify', '0005_intake_tables_renamed'),
        ('intake', '0001_intake_from_notify'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Mailbox',
                ),
                migrations.DeleteModel(
                    name='Inbound',
                ),
                migrations.DeleteModel(
                    name='WecomApp',
                ),
            ]
        ),
    ]
