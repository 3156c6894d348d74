from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.core.models import Hospital
from hisops.monitoring.choices import HookKind
from hisops.monitoring.services import hook_create


class Command(BaseCommand):
    help = "Alert intake addresses: hooks create --hospital CODE --kind KIND [--name NAME] prints the token and path."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="a new intake address for a monitoring system")
        create.add_argument("--hospital", required=True, help="hospital code")
        create.add_argument("--kind", required=True, choices=HookKind.values)
        create.add_argument("--name", default="")

    def handle(self, *args, verb, hospital, kind, name, **options):
        found = Hospital.objects.filter(code=hospital).first()
        if found is None:
            raise CommandError(f"unknown hospital {hospital!r}")
        try:
            hook = hook_create(actor=SYSTEM, hospital=found, kind=kind, name=name)
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(f"token: {hook.token}")
        self.stdout.write(f"path:  {hook.path}")
        self.stdout.write(f"url:   {settings.HISOPS_BASE_URL.rstrip('/')}{hook.path}")
