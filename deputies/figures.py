"""Deputy-work figures for the annual report (read by reports; this app never imports reports).

Every figure counts records dated in its year (so as of its 31 December); a record dated later never
moves it. ``records(key, year)`` lists the rows behind the figures no staff list sums or unites. The deputies'
列席 person-times count meeting attendance too, so meetings/figures.py contributes that figure."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.figures import Figure, Records
from deputies.models import Activity, ActivityKind, Reception
from deputies.selectors import district_deputies_in_office, year_figures


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
    return None
