#!/usr/bin/env python
"""What the middleware stack costs a request, in process (no HTTP, no gunicorn).

The same bare view (HttpResponse("ok"), no template, no query) is called through Django's WSGI
handler twice: with the project's whole MIDDLEWARE and with none. The difference per request is the
stack's overhead, measured for an anonymous visitor, a signed-in staff member without a second
factor, and one whose session holds a verified TOTP device (as staff must in production). Queries
per request are counted too. Goal (issue 23): at most 1 ms signed in.
Usage: bin/bench middleware [--requests N]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


# this module is its own URLconf for the run: one path, away from the session guard's allowed prefixes
urlpatterns = [path("bench/bare/", bare)]


def prepare(url):
    """A fresh, migrated database with one staff account; return nothing (Django is set up on it)."""
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    admin = psycopg2.connect(base + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(name)))
        cur.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    admin.close()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def session_for(user, device=None) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from congress import sessions

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[sessions.LOGIN_AT] = store[sessions.SEEN_AT] = time.time()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return "%s=%s" % (settings.SESSION_COOKIE_NAME, store.session_key)


def time_handler(handler, cookie, requests):
    """Mean seconds per request and queries per request of ``requests`` GETs of the bare view."""
    from django.db import connection
    from django.test import RequestFactory

    factory = RequestFactory()

    def one():
        environ = factory.get("/bench/bare/", HTTP_COOKIE=cookie or "").environ
        body = handler(environ, lambda status, headers: None)
        assert b"".join(body) == b"ok", "the bare view did not answer"

    for _ in range(50):  # warm-up: caches, lazy imports, connection
        one()
    queries = []  # counted through a wrapper: the handler resets connection.queries at request start
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        one()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(requests // 5):
            one()
        runs.append((time.perf_counter() - start) / (requests // 5))
    return statistics.median(runs), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    args, _others = parser.parse_known_args()  # `bin/bench all --seconds N` passes the HTTP suites' options
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    prepare(base + "/portal_bench_middleware")

    from django.contrib.auth.models import Group
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congress.models import User

    staff = User.objects.create_user("bench-staff", password="x")
    verified = User.objects.create_user("bench-verified", password="x")
    for user in (staff, verified):
        user.groups.add(Group.objects.get(name="staff"))
    device = TOTPDevice.objects.create(user=verified, name="authenticator", confirmed=True)
    cases = [
        ("anonymous", None),
        ("signed in, no second factor", session_for(staff)),
        ("signed in, verified TOTP", session_for(verified, device)),
    ]
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], DEBUG=False):
        full = WSGIHandler()
        with override_settings(MIDDLEWARE=[]):
            none = WSGIHandler()
        print("%-30s %12s %12s %12s %8s" % ("visitor", "bare µs", "stack µs", "overhead ms", "queries"))
        for name, cookie in cases:
            t_none, _ = time_handler(none, cookie, args.requests)
            t_full, queries = time_handler(full, cookie, args.requests)
            print(
                "%-30s %12.1f %12.1f %12.3f %8d"
                % (name, t_none * 1e6, t_full * 1e6, (t_full - t_none) * 1000, queries),
                flush=True,
            )
    print("\n%d requests per measurement (median of 5 runs), in process, on %d cores" % (args.requests, os.cpu_count()))


if __name__ == "__main__":
    main()
