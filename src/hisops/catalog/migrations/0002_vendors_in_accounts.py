# Vendors and their qualifications move from contracts to accounts (people and organisations).
# Keys point at accounts's models now: state only, the columns and their targets do not change.

from django.db import migrations
from django.db import models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ('catalog', '0001_items_relations'),
        ('accounts', '0003_vendors_from_contracts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='item',
                    name='vendor',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='items', to='accounts.vendor', verbose_name='vendor'),
                ),
            ]
        ),
    ]
