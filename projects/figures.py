"""Livelihood-project figures for the annual report."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.selectors import year_figures


def yi(wan: Decimal) -> Decimal:
    """万元 → 亿元, exact."""
    return (Decimal(wan) / Decimal(10000)).quantize(Decimal("0.01"))


def figures(year: int):
    from reports.figures import Figure

    f = year_figures(year)
    by_year = "?year=%d" % year
    public, staff = reverse("projects:index") + by_year, reverse("projects:project_list") + by_year
    return [
        Figure("projects.district_voted", "people", _("District livelihood projects voted"), f["district_projects"],
               _("projects"), _("Projects of the district congress's slate for the year that the vote adopted."),
               staff, public),
        Figure("projects.district_total", "people", _("Their total investment"), yi(f["district_total_wan"]),
               _("100 million yuan"), _("Sum of the adopted district projects' total investment."), staff, public),
        Figure("projects.district_completed", "people", _("Investment completed in the year"),
               yi(f["district_completed_wan"]), _("100 million yuan"),
               _("Sum over the adopted district projects of the latest reported investment completed in the year."),
               reverse("projects:progressreport_list") + by_year, public),
        Figure("projects.town_voted", "people", _("Town livelihood projects voted"), f["town_projects"], _("projects"),
               _("Projects adopted by the town congresses for the year."), staff, public),
        Figure("projects.town_total", "people", _("Town projects' total investment"), yi(f["town_total_wan"]),
               _("100 million yuan"), _("Sum of the adopted town projects' total investment."), staff, public),
        Figure("projects.inspections", "people", _("Project supervision inspections"), f["inspections"], _("times"),
               _("Deputies' supervision visits to projects in the year."),
               reverse("projects:inspection_list") + by_year),
        Figure("projects.suggestions", "people", _("Suggestions made at inspections"), f["suggestions"], _("items"),
               _("Suggestions recorded at the year's supervision visits."),
               reverse("projects:suggestion_list") + by_year),
    ]
