# Vendors and their qualifications move from contracts to accounts (people and organisations).
# Step 1: the tables take the new app's names while contracts still owns the models.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('contracts', '0003_calendars_app'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='vendor',
            table='accounts_vendor',
        ),
        migrations.AlterModelTable(
            name='vendorqualification',
            table='accounts_vendorqualification',
        ),
    ]
