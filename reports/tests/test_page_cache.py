"""Public pages from their cached bytes (congress/pagecache.py): no query warm, a write shows at once,
conditional GET answers 304, the CSRF token stays the visitor's own, signed-in staff see the view."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from deputies.tests.factories import PublicOpinionFactory
from reports.models import ReportYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(role_users):
    ReportYear.objects.create(year=2023, published=True)
    return 2023


def _unmasked(body: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)


def _pages():
    from projects.models import ADOPTED_STATUSES, Project
    from projects.tests.factories import voting_slate_with_adopted

    voting_slate_with_adopted()
    project = Project.objects.filter(status__in=ADOPTED_STATUSES).first()
    return [
        reverse("reports:home"),
        reverse("reports:report", args=[2023]),
        reverse("reports:report_data", args=[2023]),
        reverse("projects:index") + "?year=2023",
        reverse("projects:public_project", args=[project.pk]),
    ]


def test_warm_public_pages_issue_no_query_and_answer_304_to_their_etag(year, django_assert_num_queries):
    for url in _pages():
        client = Client()
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200 and again["ETag"] == first["ETag"], url
        assert _unmasked(again.content) == _unmasked(first.content)  # the same page, a fresh mask on the token
        with django_assert_num_queries(0):
            unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304 and unchanged["ETag"] == first["ETag"] and not unchanged.content, url
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_write_changes_the_page_and_its_etag(year):
    url = reverse("reports:report_data", args=[2023])
    client = Client()
    first = client.get(url)
    count = {f["key"]: f["value"] for f in first.json()["figures"]}["deputies.opinions_collected"]
    PublicOpinionFactory(received_on=dt.date(2023, 8, 1))
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert {f["key"]: f["value"] for f in after.json()["figures"]}["deputies.opinions_collected"] == count + 1


def test_publishing_a_year_shows_on_the_cached_home_page(role_users):
    client = Client()
    assert "/report/2024/" not in client.get(reverse("reports:home")).content.decode()
    ReportYear.objects.create(year=2024, published=True)
    assert "/report/2024/" in client.get(reverse("reports:home")).content.decode()


def test_a_cached_page_is_the_same_bytes_for_every_visitor_and_sets_no_cookie(year):
    """The visitors' language buttons are links (congress.views.language_link): no form, no token."""
    url = reverse("reports:report", args=[2023])
    seen = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        response = client.get(url)
        assert b"csrfmiddlewaretoken" not in response.content and not response.cookies
        seen.append((response.content, response["ETag"]))
        switched = client.get(reverse("language_link", args=["en"]), {"next": url})
        assert switched.status_code == 302
        english = client.get(url)
        assert english["Content-Language"] == "en" and english["ETag"] != response["ETag"]
    assert seen[0] == seen[1]


def test_a_cached_page_with_a_form_gives_each_visitor_a_token_of_their_own(year, settings):
    """A public page that does hold a CSRF form keeps it per visitor: the cached bytes hold a
    placeholder, and the ETag names the visitor's cookie, so a 304 never keeps another's token."""
    from django.http import HttpResponse
    from django.template import engines

    from congress.pagecache import public_page

    template = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

    @public_page("bench-form")
    def view(request):
        return HttpResponse(template.render({}, request))

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    tokens, tags = [], []
    for _ in range(2):
        request = RequestFactory().get("/form/")
        request.user = AnonymousUser()
        response = view(request)
        tokens.append(re.search(rb'value="([^"]+)"', response.content).group(1))
        tags.append(response["ETag"])
    assert tokens[0] != tokens[1] and tags[0] != tags[1] and b"\x00csrf" not in response.content


def test_signed_in_staff_see_the_view_itself(year, client_as):
    url = reverse("reports:report", args=[2023])
    Client().get(url)  # cached for the public
    staff = client_as("staff")
    response = staff.get(url)
    assert response.status_code == 200 and "ETag" not in response
    assert "Log out" in response.content.decode() or "退出" in response.content.decode()
    assert "Log out" not in Client().get(url).content.decode() and "退出" not in Client().get(url).content.decode()


def test_unpublished_year_stays_404_for_the_public_after_staff_viewed_it(role_users, client_as):
    ReportYear.objects.create(year=2024, published=False)
    url = reverse("reports:report", args=[2024])
    assert client_as("staff").get(url).status_code == 200
    assert Client().get(url).status_code == 404


def _raw_stamp_write(delta=1):
    """What another process's write does to the stamp: INCR on a connection of its own, then one
    more round trip (congress.stamp.bump), bypassing this process's own forget()."""
    import redis
    from django.conf import settings
    from django.core.cache import cache

    from congress import stamp as figures

    other = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    other.incrby(cache.make_and_validate_key(figures.STAMP_KEY), delta)
    other.get(cache.make_and_validate_key(figures.STAMP_KEY))
    other.close()


def test_warm_hit_makes_no_redis_round_trip_and_another_process_write_is_seen_next(year, monkeypatch):
    from django.test.utils import CaptureQueriesContext
    from redis.connection import AbstractConnection

    from congress import stamp
    from deputies.models import PublicOpinion

    monkeypatch.setattr(stamp, "HEARTBEAT", 3600.0)
    sent = []
    send = AbstractConnection.send_packed_command
    monkeypatch.setattr(
        AbstractConnection, "send_packed_command", lambda self, *a, **k: sent.append(a) or send(self, *a, **k)
    )
    url = reverse("reports:report_data", args=[2023])
    client = Client()
    first = client.get(url)
    count = {f["key"]: f["value"] for f in first.json()["figures"]}["deputies.opinions_collected"]
    client.get(url)
    sent.clear()
    assert client.get(url).status_code == 200 and sent == []  # stamp and entry from this process's copies
    # a row written without this process's signals (as another process would), then that process's INCR
    PublicOpinion.objects.bulk_create([PublicOpinionFactory.build(received_on=dt.date(2023, 8, 1))])
    assert client.get(url).json() == first.json()  # nothing moved the stamp yet
    _raw_stamp_write()
    after = client.get(url)
    assert {f["key"]: f["value"] for f in after.json()["figures"]}["deputies.opinions_collected"] == count + 1
    assert after["ETag"] != first["ETag"]
    from django.core.cache import cache

    cache.clear()  # FLUSHDB: the copy goes too (after one more round trip, as a writer does)
    cache.get("anything")
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0  # computed again: nothing served from a copy of a flushed stamp


def test_without_the_watch_pages_fall_back_to_the_cache(year, monkeypatch):
    from congress import stamp

    def broken(self, raw_key):
        raise OSError("unreachable")

    monkeypatch.setattr(stamp.StampWatch, "_connect", broken)
    monkeypatch.setattr(stamp, "watch", stamp.StampWatch())
    from deputies.models import PublicOpinion

    url = reverse("reports:report_data", args=[2023])
    client = Client()
    first = client.get(url)
    assert first.status_code == 200 and client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    count = {f["key"]: f["value"] for f in first.json()["figures"]}["deputies.opinions_collected"]
    PublicOpinion.objects.bulk_create([PublicOpinionFactory.build(received_on=dt.date(2023, 8, 1))])
    _raw_stamp_write()
    after = client.get(url).json()
    assert {f["key"]: f["value"] for f in after["figures"]}["deputies.opinions_collected"] == count + 1


def test_open_data_has_one_etag_for_every_visitor_and_answers_304_without_a_cookie(year):
    url = reverse("reports:report_data", args=[2023])
    first, second = Client().get(url), Client().get(url)
    assert first["ETag"] == second["ETag"] and "csrftoken" not in first.cookies
    assert Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
