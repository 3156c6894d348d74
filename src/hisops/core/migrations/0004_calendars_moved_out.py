# Business calendars move to their own app. Step 3 of 3: core forgets the models; the
# tables and rows stay, owned by the calendars app.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_calendar_tables_renamed"),
        ("calendars", "0001_calendars_from_core"),
        ("contracts", "0003_calendars_app"),
        ("tickets", "0007_calendars_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CalendarOverride"),
                migrations.DeleteModel(name="BusinessCalendar"),
            ]
        )
    ]
