"""The meetings' part of a user's calendar feed (the "calendar" contribution, read by congress.feeds)."""

from __future__ import annotations

from congress.contrib import CalendarEvent
from congress.feeds import MAX_EVENTS
from meetings.selectors import meetings_visible_to


def events(user, since) -> list[CalendarEvent]:
    """The meetings ``user`` may see, from ``since`` on, in date order (one query)."""
    return [
        CalendarEvent(uid="meeting-%s" % m.pk, day=m.date, summary=m.title, location=m.place, url=m.get_absolute_url())
        for m in meetings_visible_to(user).filter(date__gte=since).order_by("date", "pk")[:MAX_EVENTS]
    ]
