from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and uploaded files (with a checksum manifest) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--dest", default=str(Path(settings.BASE_DIR) / "var" / "backups"))

    def handle(self, *args, dest, **options):
        try:
            folder = backup_create(dest_root=Path(dest))
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(str(folder))
