from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress.backup import BackupError, backup_restore, database_url


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by 'backup': checksums are verified first; the database named by "
        "--database-url (default: this portal's) and --media-root (default MEDIA_ROOT) are overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--database-url", dest="target_url", default="")
        parser.add_argument("--media-root", default="")
        parser.add_argument("--yes", action="store_true", help="do not ask before overwriting")

    def handle(self, *args, folder, target_url: str, media_root: str, yes: bool, **options):
        url = target_url or database_url()
        media = Path(media_root or settings.MEDIA_ROOT)
        if not yes and input("Overwrite %s and %s with %s? [y/N] " % (url.rsplit("@", 1)[-1], media, folder)) != "y":
            raise CommandError("restore cancelled")
        try:
            backup_restore(folder=Path(folder), url=url, media_root=media)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write("restored %s" % folder)
