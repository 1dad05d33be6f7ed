"""The .ics feed: valid iCalendar of the user's meetings and their unit's reply deadlines at a secret
address that needs no sign-in, renewed from the settings page (the old address then answers 404)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.tests.factories import meeting_with_item
from proposals.tests.factories import assigned_proposal

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert cal["version"] == "2.0" and cal["prodid"]
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_feed_lists_meetings_and_deadlines_and_renews(client, client_as, role_users, django_assert_num_queries):
    soon = timezone.localdate() + dt.timedelta(days=10)
    meeting_with_item(type="congress", date=soon, title="第三次会议")
    meeting_with_item(type="standing", date=soon, title="常委会会议")  # members', not a deputy's
    meeting_with_item(type="congress", date=soon - dt.timedelta(days=400), title="很久以前的会议")
    p = assigned_proposal(role_users)
    deputy = client_as("deputy")
    page = deputy.get(reverse("congress:account_settings")).content.decode()
    url = page.split('data-testid="feed-url"')[0].rsplit('value="', 1)[1].split('"')[0]
    path = url.split("testserver", 1)[1]
    # the feed with its user, the user's roles, Django's model permissions (2, once), the meetings
    with django_assert_num_queries(5):
        events = _events(client.get(path))
    assert set(events) == {"第三次会议"}
    e = events["第三次会议"]
    assert e["dtstart"].dt == soon and e["dtend"].dt == soon + dt.timedelta(days=1)
    assert str(e["location"]) == "区人大常委会会议室" and str(e["uid"]).startswith("meeting-")

    unit_page = client_as("unit").get(reverse("congress:account_settings")).content.decode()
    unit_path = (
        unit_page.split('data-testid="feed-url"')[0].rsplit('value="', 1)[1].split('"')[0].split("testserver")[1]
    )
    unit_events = _events(client.get(unit_path))
    lead = p.assignments.get(role="lead")
    (due,) = [e for s, e in unit_events.items() if s.startswith("答复期限")]
    assert due["dtstart"].dt == lead.deadline and str(p.title) in str(due["summary"])

    assert deputy.post(reverse("congress:calendar_feed_regenerate")).status_code == 302
    assert client.get(path).status_code == 404  # the old address stops at once
    assert client.get(reverse("calendar_feed", args=["x" * 65])).status_code == 404
    new = deputy.get(reverse("congress:account_settings")).content.decode()
    assert path.rsplit("/", 1)[1] not in new
    assert client.get(unit_path).status_code == 200  # another user's address is untouched


def test_settings_page_saves_the_notification_choice(client_as, role_users):
    deputy = client_as("deputy")
    r = deputy.post(reverse("congress:account_settings"), {"notify_mode": "daily"})
    assert r.status_code == 302
    role_users["deputy"].refresh_from_db()
    assert role_users["deputy"].notify_mode == "daily"
    r = deputy.post(reverse("congress:account_settings"), {"notify_mode": "hourly"})
    assert r.status_code == 200  # refused with the form shown again
    role_users["deputy"].refresh_from_db()
    assert role_users["deputy"].notify_mode == "daily"
