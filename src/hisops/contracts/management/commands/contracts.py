from datetime import date

from django.core.management.base import BaseCommand, CommandError

from hisops.accounts.models import Vendor
from hisops.contracts.contract_templates import TEMPLATES
from hisops.contracts.services import contract_template_load
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.core.selectors import hospital_for_write


class Command(BaseCommand):
    help = "Contracts: templates | load-template TEMPLATE --vendor CODE --number N --start DATE --end DATE"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("templates", help="list the templates transcribed from the seed tenders")
        load = sub.add_parser("load-template", help="create a contract from a template")
        load.add_argument("template", choices=sorted(TEMPLATES))
        load.add_argument("--hospital", help="hospital code (needed when there are several)")
        load.add_argument("--vendor", required=True, help="vendor code")
        load.add_argument("--number", required=True, help="contract number")
        load.add_argument("--start", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        load.add_argument("--end", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        load.add_argument("--title", default="")

    def handle(self, *args, verb, **options):
        if verb == "templates":
            for code, spec in TEMPLATES.items():
                self.stdout.write(f"{code:<28} {spec['name']}  ({spec['source']})")
            return
        try:
            hospital = hospital_for_write(user=SYSTEM, code=options["hospital"])
            vendor = Vendor.objects.filter(hospital=hospital, code=options["vendor"]).first()
            if vendor is None:
                raise CommandError(f"unknown vendor {options['vendor']!r} in {hospital.code}")
            contract = contract_template_load(
                actor=SYSTEM,
                hospital=hospital,
                vendor=vendor,
                template=options["template"],
                number=options["number"],
                starts_on=options["start"],
                ends_on=options["end"],
                title=options["title"],
            )
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created contract {contract.number} ({contract.levels.count()} levels, "
                f"{contract.service_items.count()} service items, {contract.quotas.count()} quotas)"
            )
        )
