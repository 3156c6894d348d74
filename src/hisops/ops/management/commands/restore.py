from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM
from hisops.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "restore DIR: verify a backup's checksums, then replace the database and files with it."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="a folder written by `hisops backup`")

    def handle(self, *args, dir, **options):
        try:
            manifest = backup_restore(
                folder=Path(dir), progress=lambda step: self.stderr.write(f"restoring: {step}")
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        audit_record(actor=SYSTEM, action="core.backup.restore", object_type="backup", object_id=0,
                     message=f"{dir} (made {manifest['created_at']})")  # fmt: skip
        self.stdout.write(f"restored {dir} ({len(manifest['files'])} files verified)")
