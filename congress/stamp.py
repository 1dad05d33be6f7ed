"""The change stamp of the portal's records, read without a Redis round trip while it has not moved.

Any save, delete or many-to-many change of a counted model (every app that declares ``portal`` on its
AppConfig, but for the UNCOUNTED bookkeeping models) moves one integer in the cache, ``stamp()``. What is
computed from the records (the report's figures, reports.figures.cached) and public pages served from
their rendered bytes (congress.pagecache) are keyed by it and by ``code_version()``, a fingerprint of the
code that computes and renders them, so a stale entry is never read again.

A warm public page needs the stamp on every request. Asking Redis
each time costs a round trip, which on a busy machine is most of the page's cost. Instead each process
keeps the stamp it last read, and one connection of its own to Redis has client-side caching tracking
on (``CLIENT TRACKING ON BCAST PREFIX <stamp key>``, RESP3): any change of the key (INCR, SET, DEL,
expiry, eviction, FLUSHDB) makes Redis push an invalidation message down that connection, in the same
event-loop turn that answers the write. Before using its copy the process polls that socket without
waiting (no round trip): a pending message, a closed connection or an error drops the copy and the stamp
is read again. The writer's INCR is answered no earlier than the push is queued, so a request that
follows a committed write sees the new stamp. As a guard against a silently dead link, the copy is
re-read at least every HEARTBEAT seconds; when the watch cannot be set up (Redis away, another cache
backend) ``read`` returns None and the caller asks the cache as before.
"""

import functools
import hashlib
import os
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

STAMP_KEY = "report:figures-stamp"
# Writes that change nothing counted or shown publicly: sessions, notifications, mail, the audit trail itself.
UNCOUNTED = {"UserSession", "Notification", "OutboundEmail", "AuditEntry", "ReminderLog"}
CACHE_SECONDS = 24 * 3600
# What every app's fingerprint holds (paths relative to the app); an app declares more under "fingerprint".
FINGERPRINT = ("figures.py", "selectors.py", "charts.py", "locale/*/*/*.mo")

HEARTBEAT = 2.0  # seconds: the longest a copy is used without reading the key again
RETRY = 5.0  # seconds between attempts to set the watch up again after a failure


class StampWatch:
    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._conn = None
        self._key = None
        self._value = None
        self.generation = 0  # moves whenever the copy is dropped: per-process memos keyed by the stamp start over
        self._read_at = 0.0
        self._failed_at = -RETRY

    def _location(self):
        config = settings.CACHES["default"]
        if not config["BACKEND"].endswith(("RedisCache", "ResilientRedisCache")):
            return None
        location = config["LOCATION"]
        return (location if isinstance(location, str) else location[0]).split(",")[0]  # the server writes go to

    def _connect(self, raw_key: str):
        import redis

        location = self._location()
        if location is None:
            return None
        pool = redis.ConnectionPool.from_url(location, protocol=3, socket_timeout=3, socket_connect_timeout=3)
        conn = pool.make_connection()
        conn.connect()
        conn.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", raw_key)
        if conn.read_response() not in (b"OK", "OK"):
            conn.disconnect()
            return None
        return conn

    def _drop(self):
        conn, self._conn, self._value = self._conn, None, None
        self.generation += 1
        if conn is not None:
            try:
                conn.disconnect()  # after a fork it only closes this process's descriptor (redis-py checks the pid)
            except Exception:  # noqa: BLE001 - a broken socket is being thrown away anyway
                pass

    def read(self, raw_key: str):
        """Return the raw value of ``raw_key`` (bytes, or b"" when missing), or None when not watched."""
        with self._lock:
            if self._pid != os.getpid():  # a forked child never reads its parent's socket
                self._conn, self._value, self._pid = None, None, os.getpid()
            now = time.monotonic()
            if raw_key != self._key:  # another key prefix (settings changed): watch that key instead
                self._drop()
                self._key, self._failed_at = raw_key, -RETRY
            try:
                if self._conn is None:
                    if now - self._failed_at < RETRY:
                        return None
                    self._conn = self._connect(raw_key)
                    if self._conn is None:
                        self._failed_at = now
                        return None
                conn = self._conn
                if conn.can_read(0):  # an invalidation (or the server closed the link): drain, then read
                    self._value = None
                    self.generation += 1
                    while conn.can_read(0):
                        conn.read_response(push_request=True)
                if self._value is None or now - self._read_at > HEARTBEAT:
                    conn.send_command("GET", raw_key)
                    value = conn.read_response()  # a push arriving first is consumed here; the reply is newer
                    self._value, self._read_at = (b"" if value is None else bytes(value)), now
                return self._value
            except Exception:  # noqa: BLE001 - Redis errors and broken sockets: fall back to the cache
                self._drop()
                self._failed_at = now
                return None

    def forget(self):
        """Drop the copy (tests, and after this process wrote the key itself)."""
        with self._lock:
            self._value = None
            self.generation += 1


watch = StampWatch()


def stamp() -> int:
    """The change stamp: from this process's copy while Redis has pushed no change of it (no round trip on
    a warm page), else from the cache."""
    raw = watch.read(cache.make_and_validate_key(STAMP_KEY))
    if raw:
        try:
            return int(raw)
        except ValueError:
            pass
    return cache.get_or_set(STAMP_KEY, 1, timeout=None)


@functools.cache
def counted_apps() -> frozenset[str]:
    """The app labels whose writes move the stamp: the core and every app that declares contributions."""
    return frozenset(c.label for c in apps.get_app_configs() if c.name == "congress" or hasattr(c, "portal"))


def fingerprinted() -> list[Path]:
    """The files ``code_version`` reads: every counted app's FINGERPRINT files and what it declares under
    "fingerprint" (globs relative to the app: the report app all of its code and templates, the projects
    app its cached public pages, the core the PDF's base template and renderer), the project's own
    templates (the base layout every cached page extends) and translation catalogues; never a test."""
    paths: list[Path] = []
    for config in sorted(apps.get_app_configs(), key=lambda c: c.name):
        if config.label in counted_apps():
            root = Path(config.path)
            for pattern in (*FINGERPRINT, *getattr(config, "portal", {}).get("fingerprint", ())):
                paths += root.glob(pattern)
    paths += [mo for p in settings.LOCALE_PATHS for mo in Path(p).glob("*/*/*.mo")]
    paths += [html for engine in settings.TEMPLATES for d in engine.get("DIRS", ()) for html in Path(d).rglob("*.html")]
    return sorted({p for p in paths if p.suffix in (".py", ".html", ".mo") and p.is_file() and "tests" not in p.parts})


@functools.cache
def code_version() -> str:
    """A fingerprint of the code that computes and renders what is cached (``fingerprinted``). During a
    release old and new workers run side by side; each reads only what code like its own cached."""
    digest = hashlib.sha256()
    for path in fingerprinted():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def bump(sender, **kwargs):
    """Move the stamp after a write to ``sender`` when it is a counted model, and once more when the write's
    transaction commits: a request that read the old records under the new stamp before the commit (and
    cached what it computed) is not read again."""
    if (
        sender._meta.app_label in counted_apps()
        and not sender.__name__.startswith("Historical")
        and sender.__name__ not in UNCOUNTED
    ):
        move()
        if connection.in_atomic_block and not any(entry[1] is move for entry in connection.run_on_commit):
            transaction.on_commit(move)


def move():
    """Move the stamp now."""
    try:
        cache.incr(STAMP_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        cache.set(STAMP_KEY, 2, timeout=None)
    watch.forget()  # this process reads the new stamp at once
    # One more round trip: Redis answers it only after it has sent every watching process its
    # invalidation of the stamp (see above), so no request that follows this write is served from a
    # copy of the old stamp.
    cache.get(STAMP_KEY)


def _bump_after_migrate(sender, **kwargs):
    """Every release runs ``migrate`` (deploy/release.sh, ``make run``): new code may count or cache
    differently, so nothing cached by the old code is read again."""
    bump(sender.get_model("Organization"))


def connect_invalidation(config):
    """Any save, delete or many-to-many change of a counted model moves the stamp: everything cached under
    it is recomputed at its next use. One cheap Redis INCR per write; and once per ``migrate``."""
    post_save.connect(bump, dispatch_uid="portal-stamp-save")
    post_delete.connect(bump, dispatch_uid="portal-stamp-delete")
    m2m_changed.connect(bump, dispatch_uid="portal-stamp-m2m")  # sender: the app's through model
    post_migrate.connect(_bump_after_migrate, sender=config, dispatch_uid="portal-stamp-migrate")
