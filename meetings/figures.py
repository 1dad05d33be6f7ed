"""Meeting counts for the annual report, and the deputies' 列席 person-times (deputy activities of that kind
and deputies on a meeting's own 列席 list: meetings may read deputies, not the other way round)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.figures import Figure, Records
from deputies.models import Activity, ActivityKind, Deputy
from meetings.models import Attendance, Meeting, MeetingType, Presence

COUNTED = [  # key, type, part, label
    ("meetings.party_group", MeetingType.PARTY_GROUP, "political", _("Party-group meetings")),
    ("meetings.central_study", MeetingType.CENTRAL_STUDY, "political", _("Central-group study sessions")),
    ("meetings.themed_study", MeetingType.THEMED_STUDY, "political", _("Themed study sessions")),
    ("meetings.exchanges", MeetingType.EXCHANGE, "political", _("Study exchanges")),
    ("meetings.standing", MeetingType.STANDING, "self", _("Standing-committee meetings")),
    ("meetings.delegations", MeetingType.DELEGATION, "self", _("Visiting delegations received")),
]


def _meeting_attendance(year: int):
    """Deputies on a meeting's own 列席 list (non-voting, with a deputy's account, not absent or on
    leave), at meetings held in ``year``; one already counted on a 列席 activity of that day is not
    counted again."""
    logged = Activity.participants.through.objects.filter(
        activity__kind=ActivityKind.ATTENDANCE,
        activity__date=OuterRef("meeting__date"),
        deputy__user_id=OuterRef("user_id"),
    )
    return (
        Attendance.objects.filter(non_voting=True, meeting__date__year=year)
        .exclude(presence__in=[Presence.ABSENT, Presence.LEAVE])
        .filter(Exists(Deputy.objects.filter(user_id=OuterRef("user_id"))))
        .exclude(Exists(logged))
    )


def _activity_attendance(year: int):
    return Activity.participants.through.objects.filter(
        activity__kind=ActivityKind.ATTENDANCE, activity__date__year=year
    )


def attendance_person_times(year: int) -> int:
    return _activity_attendance(year).count() + _meeting_attendance(year).count()


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
    ] + [
        Figure(
            "deputies.attendance",
            "deputies",
            _("Deputies attending meetings without vote (列席)"),
            attendance_person_times(year),
            _("person-times"),
            _(
                "Person-times in the year: each deputy on a 列席 activity, and each deputy on a meeting's own 列席 "
                "list (not absent), counts once per activity or meeting, by its date; a deputy on both on the same day "
                "counts once."
            ),
            reverse("reports:figure_records", args=[year, "deputies.attendance"]),
        )
    ]


def records(key: str, year: int):
    """The rows behind the 列席 figure for ``year`` and their total (the figure), or None for another key."""
    if key != "deputies.attendance":
        return None
    rows = [
        (t.activity.date, t.activity.title, t.deputy.full_name)
        for t in _activity_attendance(year).select_related("activity", "deputy")
    ]
    rows += [
        (a.meeting.date, a.meeting.title, str(a.user))
        for a in _meeting_attendance(year).select_related("meeting", "user")
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return Records([_("Date"), _("Activity or meeting"), _("Deputy")], rows, len(rows))
