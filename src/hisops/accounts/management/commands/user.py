from django.core.management.base import BaseCommand, CommandError

from hisops.accounts.models import Vendor
from hisops.accounts.services import user_create
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import DomainError
from hisops.core.models import Hospital


class Command(BaseCommand):
    help = "Manage users: user create USERNAME --role ROLE --hospital CODE [--vendor CODE] [--password PW]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="add a user")
        create.add_argument("username")
        create.add_argument("--role", required=True, help=", ".join(Role.values))
        create.add_argument("--hospital", required=True, help="hospital code")
        create.add_argument("--vendor", help="vendor code (vendor staff)")
        create.add_argument("--password")
        create.add_argument("--full-name", default="")
        create.add_argument("--phone", default="")

    def handle(
        self, *args, username, role, hospital, vendor, password, full_name, phone, **options
    ):
        if role not in Role.values:
            raise CommandError(f"unknown role {role!r}; choose one of: {', '.join(Role.values)}")
        tenant = Hospital.objects.filter(code=hospital).first()
        if tenant is None:
            raise CommandError(f"unknown hospital {hospital!r}")
        vendor_obj = None
        if vendor:
            vendor_obj = Vendor.objects.filter(hospital=tenant, code=vendor).first()
            if vendor_obj is None:
                raise CommandError(f"unknown vendor {vendor!r} in hospital {hospital}")
        try:
            user = user_create(
                actor=SYSTEM,
                username=username,
                role=role,
                hospital=tenant,
                vendor=vendor_obj,
                password=password,
                full_name=full_name,
                phone=phone,
            )
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} ({user.get_role_display()}) in {tenant.code}"
            )
        )
