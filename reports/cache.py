"""Public pages served from their rendered bytes, keyed by the figures' change stamp, with an ETag.

A page decorated with ``public_page`` is rendered once per (path with query, language, code
fingerprint, change stamp, today's date) and served to anonymous visitors from the cache: any write to
a counted model moves the stamp (reports/figures.py), so a stale copy is never served. Signed-in
users, visitors with pending messages and anything but GET/HEAD get the view itself.

The CSRF token of the language form is the only per-visitor part of these pages: the cached bytes
hold a placeholder, replaced by the visitor's own token when served. The ETag is the content's hash
and a keyed hash of the visitor's CSRF secret, so a 304 never lets a browser keep a page whose token
belongs to another cookie.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from reports import figures

TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"\x00csrf\x00"


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.get("_messages"):
        return False
    return True


def _key(name: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    return "page:%s:%s:%s:%s:%s:%s" % (
        name,
        path,
        translation.get_language(),
        figures.code_version(),
        figures.stamp(),
        timezone.localdate().isoformat(),
    )


def _etag(digest: str, request) -> str:
    secret = request.META.get("CSRF_COOKIE") or request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return '"%s-%s"' % (digest, salted_hmac("reports.page-etag", secret).hexdigest()[:10])


def _matches(request, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return etag in [tag.strip().removeprefix("W/") for tag in sent.split(",")]


def public_page(name: str):
    """Serve the decorated view's 200 responses to anonymous visitors from the cache (see module)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(name, request)
            entry = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                body = TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
                entry = (body, response["Content-Type"], hashlib.sha256(body).hexdigest()[:16])
                cache.set(key, entry, figures.CACHE_SECONDS)
            body, content_type, digest = entry
            if PLACEHOLDER in body:
                token = get_token(request).encode()
                body = body.replace(PLACEHOLDER, token)
            etag = _etag(digest, request)
            if _matches(request, etag):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(body, content_type=content_type)
            response["ETag"] = etag
            response["Cache-Control"] = "no-cache"  # the browser may keep it, and asks again each time
            return response

        return wrapper

    return decorate
