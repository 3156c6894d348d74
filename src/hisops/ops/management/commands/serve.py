import logging

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web UI and API. Without REDIS_URL it also runs the periodic background work."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        application = get_wsgi_application()
        from hisops.ops.scheduler import EmbeddedScheduler

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        if not settings.REDIS_URL:
            EmbeddedScheduler().start()
            mode = "embedded (background work in this process)"
        else:
            mode = "production (background work in `hisops worker`)"
        self.stdout.write(self.style.SUCCESS(f"HISOps on http://{host}:{port}/  [{mode}]"))
        serve(application, host=host, port=port, threads=threads, ident="HISOps")
