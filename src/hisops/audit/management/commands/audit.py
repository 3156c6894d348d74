"""``hisops audit verify``: recompute the audit log's hash chains; ``hisops audit archive``:
move events older than the retention to signed files."""

from datetime import date, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hisops.audit.archive import archive_verify, audit_archive, cutoff
from hisops.audit.chain import chain_verify, chains_seal


class Command(BaseCommand):
    help = "Check the audit log: `hisops audit verify` prints OK, or names the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser(
            "verify",
            help="recompute every hash chain and the archive files (exit 1 at the first break)",
        )
        archive = sub.add_parser(
            "archive", help="move events older than the retention to signed files"
        )
        archive.add_argument(
            "--before", type=date.fromisoformat, help="YYYY-MM-DD (at most the retention cut-off)"
        )
        archive.add_argument(
            "--dir", type=Path, help="folder for the files (default HISOPS_HOME/audit-archive)"
        )

    def handle(self, *args, verb: str, **options):
        if verb == "archive":
            before = options["before"]
            moment = timezone.make_aware(datetime.combine(before, time.min)) if before else None
            done = audit_archive(before=moment, folder=options["dir"])
            for run in done:
                self.stdout.write(f"chain {run.chain}: events {run.first}–{run.last} → {run.path}")
            self.stdout.write(
                f"archived {sum(r.last - r.first + 1 for r in done)} events (before {cutoff():%Y-%m-%d} at most)"
            )
            return
        problems = archive_verify()
        if problems:
            raise CommandError("BROKEN archive: " + "; ".join(problems))
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
