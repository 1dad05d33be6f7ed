"""Deputy-work figures for the annual report (read by reports; this app never imports reports).

Every figure counts records dated in its year (so as of its 31 December); a record dated later never
moves it. ``records(key, year)`` lists the rows behind the figures no staff list sums or unites."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.figures import Figure, Records
from deputies.models import Activity, ActivityKind, Deputy, Reception
from deputies.selectors import district_deputies_in_office, year_figures


def _meeting_attendance(year: int):
    """Deputies on a meeting's own 列席 list (non-voting, with a deputy's account, not absent or on
    leave), at meetings held in ``year``; one already counted on a 列席 activity of that day is not
    counted again."""
    from meetings.models import Attendance, Presence

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
    f = year_figures(year)
    in_office = district_deputies_in_office(year)
    roster, _receptions = reverse("deputies:deputy_list"), reverse("deputies:reception_list")
    opinions, activities = reverse("deputies:publicopinion_list"), reverse("deputies:activity_list")
    commendations = reverse("deputies:commendation_list")

    def records(key):
        return reverse("reports:figure_records", args=[year, key])

    return [
        Figure(
            "deputies.by_elected_city",
            "deputies",
            _("City deputies by-elected"),
            f["by_elected_city"],
            _("persons"),
            _(
                "Deputies of the city congress elected at a by-election held in the year (persons, by the "
                "by-election's date)."
            ),
            "%s?level=city&by_election_year=%d" % (roster, year),
            reverse("deputies:index"),
        ),
        Figure(
            "deputies.by_elected_district",
            "deputies",
            _("District deputies by-elected"),
            f["by_elected_district"],
            _("persons"),
            _(
                "Deputies of the district congress elected at a by-election held in the year (persons, "
                "by the by-election's date)."
            ),
            "%s?level=district&by_election_year=%d" % (roster, year),
            reverse("deputies:index"),
        ),
        Figure(
            "deputies.group_activities",
            "deputies",
            _("Deputy-group activities"),
            f["group_activities"],
            _("times"),
            _("Activities of the kind 'deputy-group activity' dated in the year."),
            "%s?kind=group&year=%d" % (activities, year),
        ),
        Figure(
            "deputies.group_suggestions",
            "deputies",
            _("Suggestions from deputy-group activities"),
            f["group_suggestions"],
            _("items"),
            _("Sum of the suggestions recorded on the deputy-group activities dated in the year."),
            records("deputies.group_suggestions"),
        ),
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
            records("deputies.attendance"),
        ),
        Figure(
            "deputies.reception_visits",
            "deputies",
            _("Constituents received at liaison stations"),
            f["reception_visits"],
            _("person-times"),
            _("Sum of the person-times of the receptions dated in the year."),
            records("deputies.reception_visits"),
            reverse("deputies:stations"),
        ),
        Figure(
            "deputies.opinions_collected",
            "deputies",
            _("Public opinions collected"),
            f["opinions_collected"],
            _("items"),
            _("Public opinions received in the year (by the date received)."),
            "%s?year=%d" % (opinions, year),
        ),
        Figure(
            "deputies.opinions_resolved",
            "deputies",
            _("Problems resolved"),
            f["opinions_resolved"],
            _("items"),
            _("Public opinions closed as resolved in the year (by the date closed), whenever they were received."),
            "%s?status=resolved&closed_year=%d" % (opinions, year),
        ),
        Figure(
            "deputies.dialogues",
            "deputies",
            _("Bureau-chief–deputy dialogues"),
            f["dialogues"],
            pgettext("unit of dialogues", "sessions"),
            _("Activities of the kind 'bureau-chief–deputy dialogue' dated in the year."),
            "%s?kind=dialogue&year=%d" % (activities, year),
        ),
        Figure(
            "deputies.in_office",
            "deputies",
            _("District deputies in office"),
            in_office,
            _("persons"),
            _("Deputies of the district congress in office on 31 December of the year."),
            "%s?level=district&in_office_year=%d" % (roster, year),
            reverse("deputies:index"),
        ),
        Figure(
            "deputies.commended",
            "deputies",
            _("Deputies commended"),
            f["deputies_commended"],
            _("persons"),
            _("'Excellent deputy' commendations of the year."),
            "%s?year=%d&kind=deputy" % (commendations, year),
        ),
    ]


def records(key: str, year: int):
    """The rows behind ``key``'s figure for ``year`` and their total (the figure), or None."""

    if key == "deputies.group_suggestions":
        rows = [
            (a.date, a.title, a.suggestions_count)
            for a in Activity.objects.filter(kind=ActivityKind.GROUP, date__year=year).order_by("date", "pk")
        ]
        return Records([_("Date"), _("Title"), _("Suggestions")], rows, sum(r[2] for r in rows))
    if key == "deputies.reception_visits":
        rows = [
            (r.date, r.station.name, r.visitors)
            for r in Reception.objects.filter(date__year=year).select_related("station").order_by("date", "pk")
        ]
        return Records([_("Date"), _("Liaison station"), _("Person-times")], rows, sum(r[2] for r in rows))
    if key == "deputies.attendance":
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
    return None
