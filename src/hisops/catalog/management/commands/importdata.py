from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.catalog.services import catalog_import
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.core.management.reporting import fail_with_row_report
from hisops.core.selectors import hospital_for_write


class Command(BaseCommand):
    help = "Import data: import catalog FILE [--hospital CODE] [--dry-run]. All rows or none."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        catalog = sub.add_parser("catalog", help="CMDB items from .xlsx or .csv")
        catalog.add_argument("file")
        catalog.add_argument("--hospital", help="hospital code (needed when there are several)")
        catalog.add_argument(
            "--dry-run", action="store_true", help="check every row, write nothing"
        )

    def handle(self, *args, what, file, hospital, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            tenant = hospital_for_write(user=SYSTEM, code=hospital)
            result = catalog_import(
                actor=SYSTEM,
                hospital=tenant,
                file_name=path.name,
                content=path.read_bytes(),
                dry_run=dry_run,
            )
        except DomainError as exc:
            fail_with_row_report(self, exc)
        verb = "checked (dry run, nothing written)" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name} {verb} into {tenant.code}: {result.created} new, "
                f"{result.updated} updated, {result.unchanged} unchanged"
            )
        )
        for label, names in (
            ("new vendors", result.vendors_created),
            ("new departments", result.departments_created),
        ):
            if names:
                self.stdout.write(f"  {label}: {', '.join(names)}")
