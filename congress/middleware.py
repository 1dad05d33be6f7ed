from django.conf import settings
from django.utils import translation


class PortalLocaleMiddleware:
    """Chinese first: the language is the one the visitor chose (cookie), else their account's,
    else Simplified Chinese. The browser's Accept-Language is not consulted, so an office PC with an
    English browser still shows the portal in Chinese until someone switches."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.codes:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.codes:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionGuardMiddleware:
    """Session rules for signed-in users, after django-otp's middleware:

    - idle and absolute timeouts (SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS) sign the user out;
    - a user with a confirmed second-factor device, or whose role must use one (OTP_REQUIRED_ROLES),
      reaches only the second-factor pages until they have given a code in this session;
    - the session's row in UserSession is kept current (staff can list and end sessions).
    """

    ALLOWED = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._guard(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _guard(self, request, user):
        import time
        from urllib.parse import urlencode

        from django.contrib import messages
        from django.contrib.auth import logout
        from django.shortcuts import redirect, resolve_url
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from congress import sessions

        now = time.time()
        started = request.session.get(sessions.LOGIN_AT, now)
        seen = request.session.get(sessions.SEEN_AT, now)
        if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
            sessions.session_ended(request.session.session_key)
            logout(request)
            messages.info(request, _("You were signed out after a period without activity. Please log in again."))
            return redirect("%s?next=%s" % (resolve_url(settings.LOGIN_URL), request.path))
        if now - seen > 60 or sessions.SEEN_AT not in request.session:
            request.session[sessions.SEEN_AT] = now
            sessions.session_seen(request)
        if request.path.startswith(self.ALLOWED) or user.is_verified():
            return None
        from congress.otp import needs_second_factor

        step = needs_second_factor(user)
        if step == "verify":
            return redirect("%s?%s" % (reverse("otp_verify"), urlencode({"next": request.get_full_path()})))
        if step == "setup":
            return redirect("otp_setup")
        return None


# --- the client's address behind reverse proxies ---------------------------------------------------

CLIENT_IP = "portal.client_ip"  # request.META key once resolved; the proxy's own address stays in PROXY_ADDR
PROXY_ADDR = "portal.proxy_addr"


def client_ip(request) -> str | None:
    """The visitor's address with PROXY_COUNT trusted reverse proxies in front of gunicorn.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N proxies
    the N-th entry from the right was written by our first proxy and is the client; everything to
    its left came from the client and is ignored (a spoofed "X-Forwarded-For: 1.2.3.4" only adds
    entries there). With fewer entries than proxies the left-most one is used (the request skipped
    a proxy); an entry that is not an address, or PROXY_COUNT=0, gives REMOTE_ADDR.
    Used by django-axes (AXES_CLIENT_IP_CALLABLE), django-ratelimit (RATELIMIT_IP_META_KEY) and,
    through ClientAddressMiddleware's REMOTE_ADDR, by everything else (UserSession rows, logs)."""
    import ipaddress

    meta = request.META
    if CLIENT_IP in meta:
        return meta[CLIENT_IP]
    remote = meta.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    candidate = forwarded[-min(count, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class ClientAddressMiddleware:
    """First in MIDDLEWARE: REMOTE_ADDR becomes the client's address (client_ip), so sessions, logs,
    django-axes and django-ratelimit all see the visitor rather than nginx. The peer's address is kept
    in request.META[PROXY_ADDR]."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_ip(request)
        request.META[PROXY_ADDR] = request.META.get("REMOTE_ADDR", "")
        request.META[CLIENT_IP] = address
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class PolicyOnceCSPMiddleware:
    """django-csp's middleware with its header built once per process, not per response.

    The portal's policy has no nonce and no per-view override (no inline script or style anywhere), so
    the header is the same string on every response; django-csp 4 rebuilds it from the settings on
    each one (a tenth of a cached public page's time in a profile). Any response that asks for
    something of its own (a nonce used, ``csp_update``/``csp_replace``/``csp_exempt`` and the like, a
    policy with excluded prefixes, DEBUG's error pages) goes through django-csp itself. A settings
    change (tests' ``override_settings``) builds the header again."""

    OWN = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
    OWN += tuple(name + "_ro" for name in OWN)
    NAMES = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    built: dict = {}

    def __init__(self, get_response):
        from csp.middleware import CSPMiddleware

        self.get_response = get_response
        self.csp = CSPMiddleware(get_response)

    @classmethod
    def headers(cls) -> dict[str, str] | None:
        """The headers every plain response gets, or None when the policy excludes URL prefixes."""
        from csp.constants import HEADER, HEADER_REPORT_ONLY
        from csp.utils import build_policy

        key = tuple(id(getattr(settings, name, None)) for name in cls.NAMES)
        if cls.built.get("key") != key:
            policies = ((HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True)))
            excluded = any((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") for name in cls.NAMES)
            cls.built = {"key": key, "headers": None if excluded else {k: v for k, v in policies if v}}
        return cls.built["headers"]

    def __call__(self, request):
        from csp.middleware import CheckableLazyObject, CSPMiddleware

        self.csp.process_request(request)
        response = self.get_response(request)
        headers = self.headers()
        if (
            headers is None
            or (settings.DEBUG and response.status_code in (404, 500))
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.OWN)
        ):
            return self.csp.process_response(request, response)
        for header, value in headers.items():
            response.headers.setdefault(header, value)
        # as django-csp does: a nonce asked for after the header is written is an error
        request.csp_nonce = CheckableLazyObject(CSPMiddleware._csp_nonce_post_response)
        return response
