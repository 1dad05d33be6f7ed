"""Every URL pattern of the project has an entry here: role → expected status.

A new URL without an entry fails `test_every_url_has_an_entry`; each later issue extends MATRIX.
Statuses: 200 page, 302 redirect (to login for anonymous users), 403 forbidden, 404 hidden, 405 wrong
method. Objects named in kwargs come from the `objects` fixture.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import ROLES

A, D, U, M, S, L, AD = ROLES[0], *ROLES[1:]


from congress.testing import expect  # noqa: E402

PUBLIC = expect()
SIGNED_IN = expect(anon=302)
VIEW_CORE = expect(anon=302, deputy=403, unit=403, member=403)  # staff, leader, admin
MANAGE_CORE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)  # staff, admin
MEETINGS = expect(anon=302)

# name → (kwargs builder or None, expected statuses)
MATRIX = {
    "healthz": (None, PUBLIC),
    "healthz_celery": (None, expect(503, 503, 503, 503, 503, 503, 503)),  # public; no heartbeat in a test's cache
    "set_language": (None, expect(405, 405, 405, 405, 405, 405, 405)),
    "language_link": (lambda o: {"code": "en"}, expect(302, 302, 302, 302, 302, 302, 302)),
    "login": (None, expect(200, 302, 302, 302, 302, 302, 302)),
    "logout": (None, expect(405, 405, 405, 405, 405, 405, 405)),
    "password_change": (None, SIGNED_IN),
    "password_change_done": (None, SIGNED_IN),
    "otp_status": (None, SIGNED_IN),
    "otp_setup": (None, SIGNED_IN),
    "otp_verify": (None, expect(302, 302, 302, 302, 302, 302, 302)),  # nothing to verify without a device
    "otp_recovery_codes": (None, expect(302, 405, 405, 405, 405, 405, 405)),
    "otp_disable": (None, expect(302, 405, 405, 405, 405, 405, 405)),
    "session_list": (None, MANAGE_CORE),
    "session_end": (lambda o: {"pk": 1}, expect(302, 403, 403, 403, 405, 403, 405)),
    "congress:home": (None, SIGNED_IN),
    "congress:notifications": (None, SIGNED_IN),
    "congress:notifications_read": (None, expect(302, 405, 405, 405, 405, 405, 405)),
    "congress:audit_list": (None, VIEW_CORE),
    "congress:search": (None, PUBLIC),
    "congress:calendar": (None, MANAGE_CORE),
    "congress:calendar_day": (None, expect(302, 403, 403, 403, 405, 403, 405)),
    "congress:calendar_remove": (None, expect(302, 403, 403, 403, 405, 403, 405)),
    "congress:calendar_import": (None, MANAGE_CORE),
    "congress:account_settings": (None, SIGNED_IN),
    "congress:calendar_feed_regenerate": (None, expect(302, 405, 405, 405, 405, 405, 405)),
    "calendar_feed": (lambda o: {"token": "not-a-token"}, expect(404, 404, 404, 404, 404, 404, 404)),
    # units: the office, units and leaders (the staff list's unit filter)
    "pick": (lambda o: {"kind": "units"}, expect(302, 404, 200, 404, 200, 200, 200)),
    "reports:home": (None, PUBLIC),
    "admin_login": (None, expect(302, 302, 302, 302, 302, 302, 302)),
    "admin:login": (None, expect(302, 302, 302, 302, 302, 302, 302)),
    "deputies:index": (None, PUBLIC),
    "proposals:index": (None, SIGNED_IN),
    "meetings:index": (None, MEETINGS),
    "projects:index": (None, PUBLIC),
    "appointments:index": (None, PUBLIC),
    "oversight:index": (None, PUBLIC),
}
for model in ("congress", "term", "session", "organization"):
    MATRIX["congress:%s_list" % model] = (None, VIEW_CORE)
    MATRIX["congress:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW_CORE)
    MATRIX["congress:%s_create" % model] = (None, MANAGE_CORE)
    MATRIX["congress:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE_CORE)

MATRIX["admin:logout"] = (None, expect(302, 302, 302, 302, 405, 302, 405))
MATRIX["admin:autocomplete"] = (None, expect(302, 302, 302, 302, 403, 302, 403))

# Each app lists its own URLs in <app>/tests/matrix.py: MATRIX (same shape) and optionally
# OBJECTS(role_users) -> dict of objects its kwargs builders use.
APP_MATRICES = []
for _app in ("deputies", "proposals", "meetings", "projects", "appointments", "oversight", "reports"):
    try:
        _module = importlib.import_module("%s.tests.matrix" % _app)
    except ModuleNotFoundError as exc:
        if exc.name != "%s.tests.matrix" % _app:
            raise
        continue
    APP_MATRICES.append(_module)
    MATRIX.update(_module.MATRIX)

# Staff reach in the admin only the models their role group grants (congress.roles); the admin
# account is a superuser. Every admin URL without arguments is requested.
STAFF_ADMIN = {
    "admin:index",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:app_list",
    "admin:congress_user_changelist",
    "admin:congress_auditentry_changelist",
}
for model in ("congress", "term", "session", "organization"):
    STAFF_ADMIN |= {"admin:congress_%s_changelist" % model, "admin:congress_%s_add" % model}


# Read-only logs: nobody adds rows to them by hand.
NO_ADD = {
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accessfailurelog_add",
    "admin:congress_auditentry_add",
}


for _module in APP_MATRICES:  # apps name their admin pages staff may use, and their read-only logs
    STAFF_ADMIN |= getattr(_module, "STAFF_ADMIN", set())
    NO_ADD |= getattr(_module, "NO_ADD", set())


def admin_rule(name):
    return expect(
        anon=302,
        deputy=302,
        unit=302,
        member=302,
        leader=302,
        staff=200 if name in STAFF_ADMIN else 403,
        admin=403 if name in NO_ADD else 200,
    )


NAMESPACE_RULES = {"admin": admin_rule}


def all_url_names():
    """Return (qualified name or pattern text, needs arguments) for every URL pattern."""
    found = []

    def walk(patterns, ns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(filter(None, [ns, p.namespace])) if p.namespace else ns
                walk(p.url_patterns, inner, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = ":".join(filter(None, [ns, p.name])) if p.name else None
                found.append((name or prefix + str(p.pattern), ns, p.pattern.regex.groups > 0))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def objects(role_users):
    from congress.models import Congress, Organization, Session, Term

    found = {
        "congress": Congress.objects.first(),
        "term": Term.objects.first(),
        "session": Session.objects.first(),
        "organization": Organization.objects.first(),
    }
    for module in APP_MATRICES:
        if hasattr(module, "OBJECTS"):
            found.update(module.OBJECTS(role_users))
    return found


def test_every_url_has_an_entry():
    missing = [
        name for name, ns, _args in all_url_names() if name not in MATRIX and ns.split(":")[0] not in NAMESPACE_RULES
    ]
    assert not missing, "URLs without a permission-matrix entry: %s" % missing


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, client_as, objects):
    client = client_as(role)
    wrong = []
    for name, (kwargs, statuses) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
        status = client.get(url).status_code
        if status != statuses[role]:
            wrong.append("%s %s: got %s, expected %s" % (role, url, status, statuses[role]))
    for name, ns, needs_args in all_url_names():
        rule = NAMESPACE_RULES.get(ns.split(":")[0])
        if rule and not needs_args and ":" in name and name not in MATRIX:
            status, expected = client.get(reverse(name)).status_code, rule(name)[role]
            if status != expected:
                wrong.append("%s %s: got %s, expected %s" % (role, name, status, expected))
    assert not wrong, "\n".join(wrong)


def test_anonymous_redirects_go_to_login(client):
    response = client.get(reverse("congress:organization_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_url_reaches_its_own_view(objects):
    """No pattern shadows another (two views on one path)."""
    from django.urls import resolve

    shadowed = []
    for name, (kwargs, _statuses) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
        found = resolve(url).view_name
        if found != name and not (name == "admin:login" and found == "admin_login"):
            shadowed.append("%s (%s) resolves to %s" % (name, url, found))
    assert not shadowed, shadowed
