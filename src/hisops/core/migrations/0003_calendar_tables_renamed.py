# Business calendars move to their own app. Step 1 of 3: the tables take the new app's
# names while the models are still core's; no row is touched (calendars 0001 adopts the
# models, contracts 0003 and tickets 0007 repoint their keys, core 0004 lets go).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_business_calendars")]

    operations = [
        migrations.AlterModelTable(name="businesscalendar", table="calendars_businesscalendar"),
        migrations.AlterModelTable(name="calendaroverride", table="calendars_calendaroverride"),
    ]
