"""Oversight figures for the annual report, all from one call of selectors.year_figures.

Each counts records dated in the year (so as of its 31 December): an answer, an adoption or a vote
dated later never moves a past year."""

from django.urls import reverse
from django.utils.translation import gettext as _

from congress.figures import Figure
from oversight.selectors import year_figures


def figures(year: int):
    f = year_figures(year)
    activities = "%s?year=%d&kind=" % (reverse("oversight:oversightactivity_list"), year)
    reports = "%s?year=%d" % (reverse("oversight:specialreport_list"), year)
    public = "%s?year=%d" % (reverse("oversight:index"), year)
    decisions = "%s?year=%d" % (reverse("oversight:decisions"), year)
    return [
        Figure(
            "oversight.research_reports",
            "political",
            _("Research reports"),
            f["research_reports"],
            _("reports"),
            _(
                "Research activities whose report was adopted in the year (by the date adopted, whenever the "
                "research began)."
            ),
            "%s?kind=research&adopted_year=%d" % (reverse("oversight:oversightactivity_list"), year),
            public,
        ),
        Figure(
            "oversight.decisions_adopted",
            "people",
            _("Decisions and resolutions adopted"),
            f["decisions_adopted"],
            _("items"),
            _(
                "The district's own decisions and resolutions (its standing committee's meetings and its congress's "
                "sessions held in the year, not the town congresses') whose final vote adopted them; a vote on "
                "several options (a project slate) counts once, when it adopted any of them."
            ),
            decisions + "&adopted=1",
            decisions,
        ),
        Figure(
            "oversight.inspections",
            "people",
            _("Inspection tours"),
            f["inspections"],
            _("times"),
            _("Inspection tours (视察) begun in the year (by the start date)."),
            activities + "inspection",
            public,
        ),
        Figure(
            "oversight.enforcement",
            "people",
            _("Law-enforcement inspections"),
            f["enforcement"],
            _("times"),
            _("Law-enforcement inspections begun in the year (by the start date)."),
            activities + "enforcement",
            public,
        ),
        Figure(
            "oversight.reports_heard",
            "people",
            _("Reports heard and reviewed"),
            f["reports_heard"],
            _("reports"),
            _("Special work, audit and plan reports heard and reviewed in the year (by the date heard)."),
            reports + "&group=special",
            public,
        ),
        Figure(
            "oversight.budget_reviews",
            "people",
            _("Budget adjustments and final accounts reviewed"),
            f["budget_reviews"],
            _("reports"),
            _("Budget adjustments and final accounts reviewed in the year (by the date heard)."),
            reports + "&group=budget",
            public,
        ),
        Figure(
            "oversight.responses_in_time",
            "people",
            _("Review opinions answered in time"),
            f["responses_in_time"],
            _("reports"),
            _(
                "Of the reports heard in the year, those whose organization answered by the due date "
                "and by 31 December of the year."
            ),
            "%s?in_time_year=%d" % (reverse("oversight:specialreport_list"), year),
            public,
        ),
    ]
