# Vendors and their qualifications move from contracts to accounts (people and organisations).
# Last step: contracts lets go of the models; the tables and rows stay, owned by accounts.

from django.db import migrations
from django.db import models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ('contracts', '0004_vendors_tables_renamed'),
        ('accounts', '0003_vendors_from_contracts'),
        ('catalog', '0002_vendors_in_accounts'),
        ('problems', '0002_vendors_in_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contract',
                    name='vendor',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='accounts.vendor', verbose_name='vendor'),
                ),
                migrations.DeleteModel(
                    name='VendorQualification',
                ),
                migrations.DeleteModel(
                    name='Vendor',
                ),
            ]
        ),
    ]
