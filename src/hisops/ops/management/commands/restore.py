from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hisops.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "restore DIR: verify a backup's checksums, then replace the database and files with it."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="a folder written by `hisops backup`")
        parser.add_argument("--allow-unsealed", action="store_true",
                            help="accept a backup made before manifests were sealed")  # fmt: skip

    def handle(self, *args, dir, allow_unsealed=False, **options):
        try:
            manifest = backup_restore(
                folder=Path(dir), progress=lambda step: self.stderr.write(f"restoring: {step}"),
                allow_unsealed=allow_unsealed,
            )  # fmt: skip
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {dir} ({len(manifest['files'])} files verified, "
            f"{manifest['audit_kept']} newer audit events kept)"
        )
