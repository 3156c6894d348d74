from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hisops.core.capabilities import Role


class Command(BaseCommand):
    help = "Initialise, load the demo hospital built from the seed tenders, and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo and exit")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-history", action="store_true",
                            help="skip the year of generated service-desk history (about two minutes)")  # fmt: skip

    def handle(self, *args, no_serve, host, port, no_history=False, **options):
        from hisops.demo import data
        from hisops.demo.loader import load_demo

        call_command("init", admin="admin", password=data.PASSWORD, stdout=self.stdout)
        self.stdout.write("Loading the demo hospital…")
        loaded = load_demo()
        catalog = loaded["catalog"]
        self.stdout.write(
            f"  {loaded['hospital'].name}: catalog {catalog.created} new, "
            f"{catalog.updated} updated, {catalog.unchanged} unchanged"
        )
        if not no_history:
            self._history(loaded["hospital"])
        self.stdout.write(
            self.style.SUCCESS(f"\nLog in at http://{host}:{port}/ with password {data.PASSWORD}")
        )
        admin_label = _("Platform administrator")
        self.stdout.write(f"  {'admin':<10} {admin_label}")
        for username, role, full_name, vendor, _dept in data.USERS:
            role_name = str(Role(role).label)
            self.stdout.write(
                f"  {username:<10} {role_name:<9} {full_name}" + (f" ({vendor})" if vendor else "")
            )
        if not no_serve:
            import os

            from django.conf import settings

            if "HISOPS_2FA_ROLES" not in os.environ:  # a demo to try, not a hospital's records
                settings.HISOPS_2FA_ROLES = []
                self.stdout.write(
                    "  (the demo asks no second factor; set HISOPS_2FA_ROLES to try it: production asks it of "
                    "the IT, security and audit administrators)"
                )
            call_command("serve", host=host, port=port)

    def _history(self, hospital) -> None:
        """This year's service desk so far, generated from a seed (once)."""
        from hisops.demo.history import generate

        def progress(month: str, done: int, total: int) -> None:
            bar = "#" * (done * 30 // total)
            self.stdout.write(f"\r  {month} [{bar:<30}] {done}/{total}", ending="")
            self.stdout.flush()

        self.stdout.write("Generating this year's service desk history…")
        history = generate(hospital=hospital, progress=progress)
        self.stdout.write(
            f"\n  {len(history.planned)} tickets" if history.planned else "  already there"
        )
