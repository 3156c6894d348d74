import secrets

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hisops.accounts.models import User
from hisops.accounts.services import platform_admin_create
from hisops.core.errors import DomainError
from hisops.ops.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Migrate the database, load reference data and create the first admin. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin", help="username of the first platform administrator")
        parser.add_argument("--password", help="its password (generated and printed if omitted)")

    def handle(self, *args, admin=None, password=None, verbosity=1, **options):
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        for line in load_reference_data():
            self.stdout.write(f"  {line}")
        if admin is None and password is not None:
            raise CommandError("--password goes with --admin")
        if admin is None and User.objects.filter(is_superuser=True).exists():
            self.stdout.write(self.style.SUCCESS("Ready. (An administrator already exists.)"))
            return
        username = admin or "admin"
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                self.style.SUCCESS(f"Ready. User {username!r} exists and was left unchanged.")
            )
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            platform_admin_create(username=username, password=password)
        except DomainError as exc:
            raise CommandError(f"cannot create admin {username!r}: {exc.describe()}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created platform administrator {username!r}."))
        if generated:
            self.stdout.write(f"  password: {password}  (change it after the first login)")
