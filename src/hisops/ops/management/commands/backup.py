from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.audit.services import audit_record
from hisops.core.capabilities import SYSTEM
from hisops.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "backup DIR [--encrypt]: a consistent copy of the database and uploaded files, with SHA-256 "
        "checksums, sealed; optionally encrypted with SM4-GCM."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="folder that receives a new hisops-YYYYMMDD-HHMMSS backup")
        parser.add_argument(
            "--encrypt", action="store_true",
            help="encrypt every file with SM4-GCM under the data key (keep the key apart from the backups)",
        )  # fmt: skip

    def handle(self, *args, dir, encrypt=False, **options):
        try:
            folder = backup_create(
                target=Path(dir),
                progress=lambda step: self.stderr.write(f"backing up: {step}"),
                encrypt=encrypt,
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        audit_record(
            actor=SYSTEM,
            action="core.backup.create",
            object_type="backup",
            object_id=0,
            message=str(folder),
        )
        self.stdout.write(str(folder))
