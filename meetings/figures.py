"""Meeting counts for the annual report."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.figures import Figure
from meetings.models import Meeting, MeetingType

COUNTED = [  # key, type, part, label
    ("meetings.party_group", MeetingType.PARTY_GROUP, "political", _("Party-group meetings")),
    ("meetings.central_study", MeetingType.CENTRAL_STUDY, "political", _("Central-group study sessions")),
    ("meetings.themed_study", MeetingType.THEMED_STUDY, "political", _("Themed study sessions")),
    ("meetings.exchanges", MeetingType.EXCHANGE, "political", _("Study exchanges")),
    ("meetings.standing", MeetingType.STANDING, "self", _("Standing-committee meetings")),
    ("meetings.delegations", MeetingType.DELEGATION, "self", _("Visiting delegations received")),
]


def figures(year: int):
    counts = Meeting.objects.filter(date__year=year).aggregate(
        **{key.replace(".", "_"): Count("pk", filter=Q(type=t)) for key, t, _p, _l in COUNTED}
    )
    staff = reverse("meetings:meeting_list")
    return [
        Figure(
            key,
            part,
            str(label),
            counts[key.replace(".", "_")],
            _("times"),
            _("Meetings of the type “%(type)s” held in the year (by the meeting date).")
            % {"type": MeetingType(t).label},
            "%s?year=%d&type=%s" % (staff, year, t),
        )
        for key, t, part, label in COUNTED
    ]
