from django.core.management.base import BaseCommand, CommandError

from hisops.accounts.services import hospital_create
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError


class Command(BaseCommand):
    help = "Manage hospitals (tenants): hospital create CODE --name NAME [--level 3A]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="add a hospital")
        create.add_argument("code")
        create.add_argument("--name", required=True)
        create.add_argument("--level", default="", help="e.g. 3A for 三级甲等")

    def handle(self, *args, verb, code, name, level, **options):
        try:
            hospital = hospital_create(actor=SYSTEM, code=code, name=name, level=level)
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(self.style.SUCCESS(f"Created hospital {hospital.code}: {hospital.name}"))
