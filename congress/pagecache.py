"""Public pages served from their rendered bytes, keyed by the change stamp (congress.stamp), with an ETag.

A page decorated with ``public_page`` is rendered once per (path with query, language, code
fingerprint, change stamp, today's date) and served to anonymous visitors from the cache: any write to
a counted model moves the stamp (congress/stamp.py), so a stale copy is never served. Signed-in
users, visitors with pending messages and anything but GET/HEAD get the view itself.

The CSRF token of the language form is the only per-visitor part of these pages: the cached bytes
hold a placeholder, replaced by the visitor's own token when served. The ETag is the content's hash
and a keyed hash of the visitor's CSRF secret, so a 304 never lets a browser keep a page whose token
belongs to another cookie.

A warm hit costs no Redis round trip: the stamp comes from the process's watched copy
(congress/stamp.py) and the entry from a small per-process memo of recent entries (LOCAL_BYTES at most),
keyed like the cache entry, so a moved stamp or a new day never finds an old one. A body without the
placeholder (data.json) has the content's hash alone as its ETag.
"""

import functools
import hashlib
import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from congress import stamp as change

TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"\x00csrf\x00"
LOCAL_BYTES = 32 * 1024 * 1024  # this process's copies of recent entries, least recently used dropped first


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:  # no session cookie: no session read
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.get("_messages"):
        return False
    return True


def _key(name: str, request, stamp: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    return "page:%s:%s:%s:%s:%s:%s" % (
        name,
        path,
        translation.get_language(),
        change.code_version(),
        stamp,
        timezone.localdate().isoformat(),
    )


class _Local:
    """This process's copies of recent entries by cache key (the key holds the stamp and the date)."""

    def __init__(self, limit: int):
        self.limit, self.size, self.entries, self.lock, self.stamp = limit, 0, OrderedDict(), threading.Lock(), None

    def seen(self, stamp):
        """Entries of an older stamp (or of a dropped watch) are never asked for again: free them."""
        if stamp != self.stamp:
            self.clear()
            self.stamp = stamp

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            if key in self.entries or len(entry[0]) > self.limit:
                return
            self.entries[key] = entry
            self.size += len(entry[0])
            while self.size > self.limit:
                _old, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[0])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local = _Local(LOCAL_BYTES)


def _etag(digest: str, request, personal: bool) -> str:
    if not personal:
        return '"%s"' % digest
    secret = request.META.get("CSRF_COOKIE") or request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return '"%s-%s"' % (digest, salted_hmac("reports.page-etag", secret).hexdigest()[:10])


def _matches(request, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return bool(sent) and etag in [tag.strip().removeprefix("W/") for tag in sent.split(",")]


def public_page(name: str):
    """Serve the decorated view's 200 responses to anonymous visitors from the cache (see module)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            stamp = change.stamp()
            local.seen((stamp, change.watch.generation))  # a flushed Redis may hand out an old stamp again
            key = _key(name, request, stamp)
            entry = local.get(cache.make_key(key))  # the key prefix too: another prefix is another cache
            if entry is None:
                entry = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                body = TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
                entry = (body, response["Content-Type"], hashlib.sha256(body).hexdigest()[:16], PLACEHOLDER in body)
                cache.set(key, entry, change.CACHE_SECONDS)
            local.put(cache.make_key(key), entry)
            body, content_type, digest, personal = entry
            if personal and "CSRF_COOKIE" not in request.META:
                get_token(request)  # a first visit: its own secret (and cookie) before the ETag names it
            etag = _etag(digest, request, personal)
            if _matches(request, etag):
                response = HttpResponseNotModified()
            else:
                if personal:
                    body = body.replace(PLACEHOLDER, get_token(request).encode())
                response = HttpResponse(body, content_type=content_type)
            response["ETag"] = etag
            response["Cache-Control"] = "no-cache"  # the browser may keep it, and asks again each time
            return response

        return wrapper

    return decorate
