from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Check that the database and Redis answer; print one line saying what to fix if not."

    def handle(self, *args, **options):
        import redis

        try:
            with connection.cursor() as cur:
                cur.execute("select 1")
        except Exception as exc:
            db = settings.DATABASES["default"]
            first = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise CommandError(
                "cannot use the database %s at %s:%s (check DATABASE_URL): %s"
                % (db["NAME"], db.get("HOST") or "localhost", db.get("PORT") or 5432, first)
            )
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except Exception as exc:
            raise CommandError("cannot reach Redis at %s (check REDIS_URL): %s" % (settings.REDIS_URL, exc))
        self.stdout.write("preflight: database and Redis answer")
