"""A Redis cache that degrades instead of failing: while Redis is unreachable, reads miss and writes
are dropped (logged once a minute), so pages keep working from PostgreSQL. Sessions use the
cached_db engine, so they survive too; rate limits are not enforced while the cache is away."""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object (and its ~170 response callbacks) for every
    operation; that costs more than the round trip itself. One client per pool is safe to share between
    threads: redis-py's clients take a connection from the pool for each command."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    def _warn(self, exc):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 60:
            ResilientRedisCache._last_warning = now
            log.warning("cache unavailable, serving without it: %s", exc)

    def _safe(name, default=None):  # noqa: N805 - a decorator factory used in the class body
        def wrap(self, *args, **kwargs):
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except RedisError as exc:
                self._warn(exc)
                return default(*args, **kwargs) if callable(default) else default

        wrap.__name__ = name
        return wrap

    get = _safe("get", lambda key, default=None, version=None: default)
    get_many = _safe("get_many", lambda *a, **k: {})
    set = _safe("set", False)
    add = _safe("add", False)
    set_many = _safe("set_many", lambda data, *a, **k: list(data))
    touch = _safe("touch", False)
    delete = _safe("delete", False)
    delete_many = _safe("delete_many", None)
    has_key = _safe("has_key", False)
    get_or_set = _safe("get_or_set", lambda key, default, *a, **k: default() if callable(default) else default)
    clear = _safe("clear", False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._warn(exc)
            return delta  # as if the counter had just started

    del _safe
