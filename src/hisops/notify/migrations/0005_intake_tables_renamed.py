# WeCom applications, mailboxes and the inbound record move from notify (outbound only) to intake.
# Step 1: the tables take the new app's names while notify still owns the models.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('notify', '0004_mailboxes'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='wecomapp',
            table='intake_wecomapp',
        ),
        migrations.AlterModelTable(
            name='inbound',
            table='intake_inbound',
        ),
        migrations.AlterModelTable(
            name='mailbox',
            table='intake_mailbox',
        ),
    ]
