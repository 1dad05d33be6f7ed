"""Calendar feeds (.ics) of a user's meetings and deadlines, at a per-user secret address.

The token is the only credential of the address (calendar programs cannot sign in), so it is long,
random, compared through a unique index, and replaced on demand: the old address stops at once."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.contrib import CalendarEvent, objects
from congress.models import CalendarFeed, User

PAST_DAYS = 90  # meetings this far back stay in the feed; calendar programs keep what they saw
MAX_EVENTS = 500


def _token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_get(*, user: User) -> CalendarFeed:
    """Return ``user``'s feed, creating its token on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or CalendarFeed.objects.get_or_create(user=user, defaults={"token": _token()})[0]


def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Give ``user``'s feed a new token: the previous address answers 404 from now on."""
    feed = calendar_feed_get(user=user)
    feed.token = _token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_user(token: str) -> User | None:
    """The active user whose feed ``token`` is, or None (two queries: the feed with its user, their roles)."""
    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .prefetch_related("user__groups")  # the roles the feed's permission checks read
        .first()
    )
    return feed.user if feed else None


def _events(user: User, today: dt.date) -> list[CalendarEvent]:
    """Every app's calendar entries for ``user`` (the "calendar" contribution), each app's capped at
    MAX_EVENTS, in date order."""
    since = today - dt.timedelta(days=PAST_DAYS)
    events = [e for source in objects("calendar") for e in source(user, since)[:MAX_EVENTS]]
    return sorted(events, key=lambda e: (e.day, e.uid))


def calendar_for(*, user: User) -> bytes:
    """The iCalendar (RFC 5545) text of ``user``'s meetings and reply deadlines, as all-day events,
    in the user's language."""
    from icalendar import Calendar, Event

    now = timezone.now()
    with translation.override(user.language):
        cal = Calendar()
        cal.add("prodid", "-//District People's Congress Portal//%s//ZH" % settings.PORTAL_MAIL_DOMAIN)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", _("My meetings and deadlines"))
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        for e in _events(user, timezone.localdate(now)):
            event = Event()
            event.add("uid", "%s@%s" % (e.uid, settings.PORTAL_MAIL_DOMAIN))
            event.add("dtstamp", now)
            event.add("dtstart", e.day)
            event.add("dtend", e.day + dt.timedelta(days=1))
            event.add("summary", e.summary)
            if e.location:
                event.add("location", e.location)
            event.add("url", settings.SITE_URL + e.url)
            cal.add_component(event)
        return cal.to_ical()
