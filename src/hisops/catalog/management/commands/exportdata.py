from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.catalog.selectors import item_list
from hisops.catalog.services import catalog_export
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.core.selectors import hospital_for_write


class Command(BaseCommand):
    help = "Export data: export catalog FILE.xlsx [--hospital CODE] (the import's columns)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        catalog = sub.add_parser("catalog", help="CMDB items to .xlsx")
        catalog.add_argument("file")
        catalog.add_argument("--hospital")

    def handle(self, *args, what, file, hospital, **options):
        try:
            tenant = hospital_for_write(user=SYSTEM, code=hospital)
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        items = item_list(user=SYSTEM).filter(hospital=tenant)
        Path(file).write_bytes(catalog_export(actor=SYSTEM, items=items))
        self.stdout.write(self.style.SUCCESS(f"wrote {items.count()} items to {file}"))
