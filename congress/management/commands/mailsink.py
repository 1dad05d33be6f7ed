import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand


class Sink:
    """Keep each message as an .eml file under var/mail and print a one-line summary."""

    def __init__(self, folder: Path, out):
        self.folder, self.out = folder, out
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        name = "%d-%s.eml" % (time.time_ns(), len(list(self.folder.iterdir())))
        (self.folder / name).write_bytes(envelope.content)
        self.out.write("mail to %s: %s (var/mail/%s)" % (", ".join(envelope.rcpt_tos), msg["subject"], name))
        return "250 Message accepted for delivery"


class Command(BaseCommand):
    help = "Development mail server on loopback (EMAIL_HOST:EMAIL_PORT) that keeps messages in var/mail."

    def handle(self, *args, **options):
        controller = Controller(
            Sink(Path(settings.BASE_DIR) / "var" / "mail", self.stdout),
            hostname=settings.EMAIL_HOST,
            port=settings.EMAIL_PORT,
        )
        controller.start()
        self.stdout.write("mail sink on %s:%s" % (settings.EMAIL_HOST, settings.EMAIL_PORT))
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
