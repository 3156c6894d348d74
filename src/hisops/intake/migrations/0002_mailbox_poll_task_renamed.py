# The mailbox poll moved with the mailboxes: a beat entry stored under the old task name
# (production copies the schedule into django-celery-beat) now names the new one, keeping
# any interval an admin edited.

from django.db import migrations

OLD = ("notify-mailboxes", "hisops.notify.tasks.poll_mailboxes")
NEW = ("intake-mailboxes", "hisops.intake.tasks.poll_mailboxes")


def rename(apps, schema_editor, old=OLD, new=NEW):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=new[0]).exists():
        PeriodicTask.objects.filter(task=old[1]).delete()
    else:
        PeriodicTask.objects.filter(task=old[1]).update(name=new[0], task=new[1])


def back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_intake_from_notify"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename, back)]
