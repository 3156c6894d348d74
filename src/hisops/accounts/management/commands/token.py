from django.core.management.base import BaseCommand, CommandError

from hisops.accounts.models import User
from hisops.accounts.services import token_create
from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError


class Command(BaseCommand):
    help = "API tokens: token create USERNAME prints a new token (the old one stops working)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="issue a new token")
        create.add_argument("username")

    def handle(self, *args, verb, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"unknown user {username!r}")
        try:
            key = token_create(actor=SYSTEM, user=user)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)
