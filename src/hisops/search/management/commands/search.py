from django.core.management.base import BaseCommand

from hisops.search.indexers import INDEXERS
from hisops.search.services import reindex


class Command(BaseCommand):
    help = "search reindex [--kind KIND]: rebuild the search index from the records, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"])
        parser.add_argument("--kind", choices=list(INDEXERS), action="append")

    def handle(self, *args, action, kind=None, **options):
        def progress(name, done, total):
            width = 30
            filled = int(width * done / total) if total else width
            self.stderr.write(
                f"\r{name:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            if done >= total:
                self.stderr.write("")

        total = reindex(kinds=kind, progress=progress)
        self.stdout.write(f"indexed {total} records")
