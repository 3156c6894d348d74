"""The one Celery app. See docs/decisions.md for how background work runs embedded."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")

app = Celery("hisops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic schedule is HISOPS_PERIODIC_TASKS in settings, copied once into
# django-celery-beat's table (``hisops init``), where admins may edit it; beat and the
# embedded scheduler both run what that table says.
