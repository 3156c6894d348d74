# Vendors and their qualifications move from contracts to accounts (people and organisations).
# Step 2: accounts adopts the models on the renamed tables; nothing is created.

from django.db import migrations
from django.db import models
import django.core.validators
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ('accounts', '0002_teams'),
        ('contracts', '0004_vendors_tables_renamed'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Vendor',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital', verbose_name='hospital')), ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')), ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')), ('code', models.CharField(max_length=32, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_.\\-]*$', "Use letters, digits, '-', '_' or '.', starting with a letter or digit.")], verbose_name='code')), ('name', models.CharField(max_length=200, verbose_name='name')), ('kind', models.CharField(choices=[('original', 'Original vendor'), ('third_party', 'Third-party vendor')], default='third_party', max_length=20, verbose_name='kind')), ('contact_name', models.CharField(blank=True, max_length=100, verbose_name='contact')), ('contact_phone', models.CharField(blank=True, max_length=32, verbose_name='contact phone')), ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')), ('notes', models.TextField(blank=True, verbose_name='notes')), ('is_active', models.BooleanField(default=True, verbose_name='active'))),
                    options={
                        'verbose_name': 'vendor',
                        'verbose_name_plural': 'vendors',
                        'ordering': ['hospital_id', 'code'],
                        'constraints': [models.UniqueConstraint(fields=('hospital', 'code'), name='vendor_code_unique'), models.UniqueConstraint(fields=('hospital', 'name'), name='vendor_name_unique')],
                        'indexes': [],
                    },
                ),
                migrations.CreateModel(
                    name='VendorQualification',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital', verbose_name='hospital')), ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')), ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')), ('vendor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qualifications', to='accounts.vendor', verbose_name='vendor')), ('person_name', models.CharField(max_length=100, verbose_name='person')), ('certificate', models.CharField(max_length=100, verbose_name='certificate')), ('number', models.CharField(blank=True, max_length=100, verbose_name='certificate number')), ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on'))),
                    options={
                        'verbose_name': 'qualification',
                        'verbose_name_plural': 'qualifications',
                        'ordering': ['vendor_id', 'person_name'],
                        'indexes': [],
                        'constraints': [],
                    },
                ),
                migrations.AlterField(
                    model_name='user',
                    name='vendor',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='people', to='accounts.vendor', verbose_name='vendor'),
                ),
                migrations.AlterField(
                    model_name='team',
                    name='vendor',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='teams', to='accounts.vendor', verbose_name='vendor'),
                ),
            ]
        ),
    ]
