from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the production background worker: Celery worker with beat (needs REDIS_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--no-beat", action="store_true", help="run beat elsewhere")

    def handle(self, *args, concurrency, no_beat, **options):
        if not settings.REDIS_URL:
            raise CommandError(
                "REDIS_URL is not set. In embedded mode `hisops serve` runs background work itself."
            )
        from celery import current_app as app  # the one app, configured by hisops.config

        argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}"]
        if not no_beat:
            argv += ["--beat", f"--scheduler={settings.CELERY_BEAT_SCHEDULER}"]
        app.worker_main(argv)
