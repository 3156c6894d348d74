# Business calendars move from core to their own app. Step 2 of 3: this app adopts the
# models on the tables core 0003 renamed; nothing is created in the database.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import hisops.calendars.models
import hisops.core.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("core", "0003_calendar_tables_renamed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BusinessCalendar',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=32, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_.\\-]*$', "Use letters, digits, '-', '_' or '.', starting with a letter or digit.")], verbose_name='code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('time_zone', models.CharField(default='Asia/Shanghai', max_length=64, validators=[hisops.core.models.validate_time_zone], verbose_name='time zone')),
                        ('weekly', models.JSONField(validators=[hisops.calendars.models.validate_weekly], help_text='Seven entries, Monday first, e.g. "08:00-12:00,14:00-18:00"; "" for a day off.', verbose_name='weekly working hours')),
                        ('workday_minutes', models.PositiveIntegerField(default=480, validators=[django.core.validators.MinValueValidator(1)], verbose_name='standard working day (minutes)')),
                        ('needs_holiday_data', models.BooleanField(default=True, help_text='Warn when a computation reaches a year without holiday data.', verbose_name='needs statutory holiday data')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('holidays_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='followers', to='calendars.businesscalendar', verbose_name='holidays from')),
                        ('hospital', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='calendars', to='core.hospital', verbose_name='hospital')),
                    ],
                    options={
                        'verbose_name': 'business calendar',
                        'verbose_name_plural': 'business calendars',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='CalendarOverride',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('kind', models.CharField(choices=[('holiday', 'Holiday'), ('workday', 'Make-up workday')], max_length=10, verbose_name='kind')),
                        ('name', models.CharField(blank=True, max_length=100, verbose_name='name')),
                        ('intervals', models.CharField(blank=True, validators=[hisops.calendars.models.validate_intervals], help_text="Make-up workdays only; empty means the calendar's normal weekday hours.", max_length=200, verbose_name='working hours')),
                        ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='overrides', to='calendars.businesscalendar', verbose_name='calendar')),
                    ],
                    options={
                        'verbose_name': 'calendar override',
                        'verbose_name_plural': 'calendar overrides',
                        'ordering': ['calendar_id', 'date'],
                        'constraints': [models.UniqueConstraint(fields=('calendar', 'date'), name='calendar_override_unique')],
                    },
                ),
            ]
        )
    ]
