"""The figures' change stamp, read without a Redis round trip while it has not moved.

A warm public page needs the stamp on every request (reports/cache.py keys pages by it). Asking Redis
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

import os
import threading
import time

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
        from django.conf import settings

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
