"""Every page a demo role can open reads as Chinese: no raw msgid, field name, "None", "---------",
"未知" or bare URL shown as text.

The pages are the permission matrix's (tests/test_permission_matrix.py and <app>/tests/matrix.py):
every URL a role gets 200 for, on the objects those matrices build (a registered and assigned
proposal with its requests, a voted slate and its projects, meetings, polls, appointments,
oversight reports ...), so lists, detail pages with their audit trail, statistics, notifications
and filter forms are read with data on them. One database set-up serves every role and page.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from conftest import ROLES
from tests.test_permission_matrix import MATRIX, objects  # noqa: F401  (objects is a fixture)

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"congress", "deputies", "proposals", "meetings", "projects", "appointments", "oversight", "reports"}
RAW_IDENTIFIER = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
RAW_PATH = re.compile(r"^/[a-z0-9_-]+/")
RAW_WORD = re.compile(r"^[a-z]+$")  # a stored choice value ("registered", "lead") shown as it is kept
RAW_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # an ISO value straight from the database
MUST_READ = {  # the screens the tester found leftovers on
    "congress:audit_list",
    "congress:organization_detail",
    "congress:notifications",
    "proposals:statistics",
    "proposals:manage",
    "deputies:publicopinion_list",
}
SKIPPED_TAGS = {"script", "style", "textarea"}  # code and a user's own text, not the interface


def field_names() -> set[str]:
    """Return the names of the project's model fields (what a raw field name looks like)."""
    names = set()
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            names |= {f.name for f in model._meta.get_fields()} | {f.attname for f in model._meta.concrete_fields}
    return names


class TextNodes(HTMLParser):
    """Collect the page's visible text nodes (outside script, style and textarea), each with whether
    it stands in a filter form (a form sent by GET)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skip, self._in_filter = [], 0, False

    def handle_starttag(self, tag, attrs):
        self._skip += tag in SKIPPED_TAGS
        if tag == "form":
            self._in_filter = (dict(attrs).get("method") or "get").lower() == "get"

    def handle_endtag(self, tag):
        self._skip -= tag in SKIPPED_TAGS and self._skip > 0
        if tag == "form":
            self._in_filter = False

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append((data.strip(), self._in_filter))


def leftovers(html: str, fields: set[str], usernames: set[str]) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    found = []
    for text, in_filter in parser.texts:
        if "---------" in text and in_filter:
            found.append("empty filter label %r" % text)
        if "未知" in text:
            found.append("未知 %r" % text)
        if re.search(r"\bNone\b", text):
            found.append("None %r" % text)
        if "http://" in text or "https://" in text or RAW_PATH.match(text):
            found.append("raw URL %r" % text)
        if RAW_TIMESTAMP.search(text):
            found.append("raw timestamp %r" % text)
        if text in usernames:  # a login name is shown as it is typed
            continue
        if RAW_IDENTIFIER.match(text):
            found.append("raw key %r" % text)
        elif text in fields:
            found.append("raw field name %r" % text)
        elif RAW_WORD.match(text):
            found.append("raw value %r" % text)
    return found


def test_every_page_of_every_role_reads_as_chinese(client_as, objects):  # noqa: F811
    from congress.models import User

    fields = field_names()
    usernames = set(User.objects.values_list("username", flat=True))
    wrong, read = [], set()
    for role in ROLES:
        client = client_as(role)
        client.cookies["django_language"] = "zh-hans"
        client.raise_request_exception = False
        for name, (kwargs, statuses) in MATRIX.items():
            if statuses[role] != 200 or name.startswith("admin"):
                continue
            url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            if response.status_code >= 500:
                wrong.append("%s %s: status %s" % (role, url, response.status_code))
            if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            read.add(name)
            for problem in leftovers(response.content.decode(), fields, usernames):
                wrong.append("%s %s: %s" % (role, url, problem))
    assert MUST_READ <= read, "not read: %s" % (MUST_READ - read)
    assert not wrong, "%d leftovers:\n%s" % (len(wrong), "\n".join(sorted(set(wrong))))
