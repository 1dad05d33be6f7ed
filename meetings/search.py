"""The meetings app's search source: the meetings ``selectors.meetings_visible_to`` lets the user open
(none for the public)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.search import SearchSource
from meetings.models import Meeting
from meetings.selectors import meetings_visible_to


def _visible(user):
    return meetings_visible_to(user) if user.is_authenticated else Meeting.objects.none()


SOURCES = [
    SearchSource(
        key="meetings",
        label=_("Meetings"),
        visible=_visible,
        fields=("title", "place"),
        url=lambda m, user: reverse("meetings:meeting", args=[m.pk]),
        note=lambda m: "%s · %s" % (m.get_type_display(), m.date),
        order=70,
    )
]
