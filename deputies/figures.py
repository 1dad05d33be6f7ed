"""Deputy-work figures for the annual report (read by reports; this app never imports reports)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from deputies.selectors import district_deputies_in_office, year_figures


def figures(year: int):
    from reports.figures import Figure

    f = year_figures(year)
    in_office = district_deputies_in_office(year)
    roster, receptions = reverse("deputies:deputy_list"), reverse("deputies:reception_list")
    opinions, activities = reverse("deputies:publicopinion_list"), reverse("deputies:activity_list")
    byelections, commendations = reverse("deputies:byelection_list"), reverse("deputies:commendation_list")
    return [
        Figure("deputies.by_elected_city", "deputies", _("City deputies by-elected"), f["by_elected_city"], _("persons"),
               _("Deputies of the city congress whose by-election was held in the year."),
               "%s?year=%d" % (byelections, year)),
        Figure("deputies.by_elected_district", "deputies", _("District deputies by-elected"), f["by_elected_district"],
               _("persons"), _("Deputies of the district congress whose by-election was held in the year."),
               "%s?year=%d" % (byelections, year)),
        Figure("deputies.group_activities", "deputies", _("Deputy-group activities"), f["group_activities"],
               _("times"), _("Activities of the kind 'deputy-group activity' dated in the year."),
               "%s?kind=group&year=%d" % (activities, year)),
        Figure("deputies.group_suggestions", "deputies", _("Suggestions from deputy-group activities"),
               f["group_suggestions"], _("items"), _("Sum of the suggestions recorded on those activities."),
               "%s?kind=group&year=%d" % (activities, year)),
        Figure("deputies.attendance", "deputies", _("Deputies attending meetings without vote (列席)"),
               f["attendance_person_times"], _("person-times"),
               _("Each deputy at each 列席 activity in the year counts once."),
               "%s?kind=attendance&year=%d" % (activities, year)),
        Figure("deputies.reception_visits", "deputies", _("Constituents received at liaison stations"),
               f["reception_visits"], _("person-times"), _("Sum of the person-times of the year's receptions."),
               "%s?year=%d" % (receptions, year), reverse("deputies:stations")),
        Figure("deputies.opinions_collected", "deputies", _("Public opinions collected"), f["opinions_collected"],
               _("items"), _("Public opinions received in the year."), "%s?year=%d" % (opinions, year)),
        Figure("deputies.opinions_resolved", "deputies", _("Problems resolved"), f["opinions_resolved"], _("items"),
               _("Public opinions closed as resolved in the year, whenever they were received."),
               "%s?status=resolved&closed_year=%d" % (opinions, year)),
        Figure("deputies.dialogues", "deputies", _("Bureau-chief–deputy dialogues"), f["dialogues"], _("sessions"),
               _("Activities of the kind 'bureau-chief–deputy dialogue' in the year."),
               "%s?kind=dialogue&year=%d" % (activities, year)),
        Figure("deputies.in_office", "deputies", _("District deputies in office"), in_office, _("persons"),
               _("Deputies of the district congress in office on 31 December of the year."),
               "%s?level=district&in_office_year=%d" % (roster, year), reverse("deputies:index")),
        Figure("deputies.commended", "deputies", _("Deputies commended"), f["deputies_commended"], _("persons"),
               _("'Excellent deputy' commendations of the year."),
               "%s?year=%d&kind=deputy" % (commendations, year)),
    ]
