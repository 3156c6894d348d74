"""``hisops audit verify``: recompute the audit log's hash chains."""

from django.core.management.base import BaseCommand, CommandError

from hisops.audit.chain import chain_verify, chains_seal


class Command(BaseCommand):
    help = "Check the audit log: `hisops audit verify` prints OK, or names the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("verify", help="recompute every hash chain (exit 1 at the first broken row)")

    def handle(self, *args, verb: str, **options):
        chains_seal()  # rows a crash left unsealed join their chain first
        verdict = chain_verify()
        if verdict.ok:
            self.stdout.write(f"OK: {verdict.checked} audit events, every chain intact")
            return
        row = verdict.broken
        where = (
            f"row {row.pk} (sequence {row.sequence}, {row.occurred_at:%Y-%m-%d %H:%M:%S}, {row.action})"
            if row is not None
            else "the end of a chain"
        )
        raise CommandError(f"BROKEN at {where}: {verdict.reason}")
