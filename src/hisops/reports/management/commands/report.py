"""``hisops report monthly|quarterly|annual --contract NUMBER --period P --format F --out DIR``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.core.capabilities import SYSTEM
from hisops.core.errors import DomainError
from hisops.reports.choices import ReportFormat, ReportKind, ReportStatus


class Command(BaseCommand):
    help = (
        "Write a periodic service report for a contract, file it in the archive and save it in DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--contract", required=True, help="the contract's number")
        parser.add_argument(
            "--hospital", help="the hospital's code (when numbers repeat across hospitals)"
        )
        parser.add_argument(
            "--period", required=True, help="2027-03 (monthly), 2027Q1 (quarterly), 2027 (annual)"
        )
        parser.add_argument("--format", action="append", choices=ReportFormat.values, dest="formats",
                            help="docx, xlsx or pdf; repeat for several (default: all three)")  # fmt: skip
        parser.add_argument(
            "--out", default=".", help="folder to save the files in (default: here)"
        )
        parser.add_argument(
            "--advice", default="", help="the summary and advice to the hospital's IT"
        )

    def handle(self, *args, kind, contract, hospital, period, formats, out, advice, **options):
        from hisops.contracts.selectors import contract_list
        from hisops.reports.services import report_request, report_write

        contracts = contract_list(user=SYSTEM).filter(number=contract)
        if hospital:
            contracts = contracts.filter(hospital__code=hospital)
        found = list(contracts.select_related("hospital")[:2])
        if not found:
            raise CommandError(f"No contract numbered {contract}.")
        if len(found) > 1:
            raise CommandError(
                f"Several hospitals have a contract {contract}: name one with --hospital CODE."
            )
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {folder}: {error.strerror}") from None
        try:
            report = report_request(actor=SYSTEM, hospital=found[0].hospital, kind=kind, period=period,
                                    contract=found[0], formats=formats or (), advice=advice, background=False)  # fmt: skip
        except DomainError as refused:
            raise CommandError(refused.describe()) from None
        self.stdout.write(f"{report.number}: writing {', '.join(report.formats)} …")
        report = report_write(report_id=report.pk)
        if report.status != ReportStatus.DONE:
            raise CommandError(f"{report.number} failed: {report.error}")
        for document in report.documents.all():
            target = folder / document.name
            with document.file.open("rb") as source:
                target.write_bytes(source.read())
            self.stdout.write(
                f"  {target}  sha256 {document.sha256}  (archive {document.number} v{document.version})"
            )
        self.stdout.write(self.style.SUCCESS(f"{report.number} done."))
