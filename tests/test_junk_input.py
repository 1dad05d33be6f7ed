"""Every form the portal serves, posted with malformed values: no response is a 500, and a rejected
post writes nothing. Every filter and search form (GET) given the same values and out-of-range years
answers without a 500 too. Forms are found by crawling every URL of the permission matrix as the admin
and as an anonymous visitor, so forms added by later issues are covered without listing them."""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.urls import reverse

from tests.test_permission_matrix import MATRIX

OVERLONG = "长" * 5000
JUNK = {
    "empty": "",
    "overlong": OVERLONG,
    "wrong_type": "not-a-number-或日期",
    "script": "<script>alert('x')</script>",
    "cjk_emoji": "人大代表🙂🏛️建议",
    "bad_date": "2023-02-30",
    "negative": "-99999999999999999999",
}
# Kinds that no form may accept: they must be answered with the form and its errors, writing nothing.
MUST_REJECT = {"empty", "overlong", "bad_date"}
# Bookkeeping that rightly changes on any request: sessions, login-failure logs, second-factor throttles.
IGNORED_TABLES = ("django_session", "axes_", "congress_usersession", "otp_")


class FormParser(HTMLParser):
    def __init__(self, method="post"):
        super().__init__()
        self.method, self.forms, self._form = method, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == self.method:
            self._form = {"action": a.get("action") or "", "fields": set()}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            if a.get("type") not in ("submit", "hidden") or a["name"] not in ("csrfmiddlewaretoken", "next"):
                self._form["fields"].add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def writes():
    """Return rows inserted/updated/deleted so far in this transaction, by table."""
    with connection.cursor() as cur:
        cur.execute("select relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_xact_user_tables")
        return {t: n for t, n in cur.fetchall() if not t.startswith(IGNORED_TABLES)}


def served_forms(client, objects, method="post"):
    seen = {}
    for name, (kwargs, _statuses) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser(method)
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            fields = form["fields"] - {"csrfmiddlewaretoken", "next", "language"}
            if fields:
                seen[(action, frozenset(fields))] = url
    return seen


@pytest.fixture
def objects(role_users):
    from tests.test_permission_matrix import objects as make

    return make.__wrapped__(role_users)


@pytest.mark.parametrize("who", ["anon", "admin"])
def test_junk_never_500_and_rejected_posts_write_nothing(who, client_as, objects):
    client = client_as(who)
    forms = served_forms(client, objects)
    actions = {action for action, _fields in forms}
    expected = (
        {"/accounts/login/"}
        if who == "anon"
        else {
            reverse("congress:organization_create"),
            reverse("congress:term_create"),
            reverse("password_change"),
            # the annual report's narrative editor (paragraph form with a photo) and its publish form
            reverse("reports:narrative_new", args=[2023]),
            reverse("reports:report_publish", args=[2019]),
        }
    )
    assert expected <= actions, "the crawl missed forms: %s" % (expected - actions)
    problems = []
    for (action, fields), page in sorted(forms.items(), key=str):
        for kind, value in JUNK.items():
            before = writes()
            response = client.post(action, {f: value for f in fields})
            changed = {t for t, n in writes().items() if n != before.get(t, 0)}
            where = "%s (form on %s) with %s" % (action, page, kind)
            if response.status_code >= 500:
                problems.append("%s answered %s" % (where, response.status_code))
            elif kind in MUST_REJECT and changed:  # re-rendered with errors, or redirected with a message
                problems.append("%s was not rejected: %s, wrote %s" % (where, response.status_code, changed))
            elif response.status_code == 200 and changed:
                problems.append("%s re-rendered the form but wrote %s" % (where, changed))
            if response.status_code == 302 and kind == "script":
                shown = client.get(response["Location"]).content.decode()
                if "<script>alert" in shown:
                    problems.append("%s: the script tag came back unescaped" % where)
    assert not problems, "\n".join(problems)


# Query strings a filter form may be sent: the junk above and years no calendar has.
QUERY_JUNK = {**JUNK, "huge_year": "99999999999", "year_zero": "0", "negative_year": "-5", "float": "1e400"}


@pytest.mark.parametrize("who", ["anon", "admin"])
def test_junk_in_filters_and_searches_never_500(who, client_as, objects):
    client = client_as(who)
    forms = served_forms(client, objects, method="get")
    pages = {page for page in forms.values()}
    if who == "admin":  # the staff lists the annual report's figures link to, filtered by year
        assert {
            reverse("deputies:reception_list"),
            reverse("deputies:publicopinion_list"),
            reverse("meetings:meeting_list"),
        } <= pages, "the crawl missed filter forms"
    problems = []
    for (action, fields), page in sorted(forms.items(), key=str):
        for kind, value in QUERY_JUNK.items():
            response = client.get(action, {f: value for f in fields})
            if response.status_code >= 500:
                problems.append("%s (form on %s) with %s answered %s" % (action, page, kind, response.status_code))
    assert not problems, "\n".join(problems)
