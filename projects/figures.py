"""Livelihood-project figures for the annual report.

As of 31 December of the year: a project counts once its slate was decided by then; its completed
investment is its latest progress report dated from the day it was adopted to 31 December (a report
dated before the adoption, or later than the year, never counts)."""

import datetime as dt
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.figures import Figure, Records
from congress.models import Level
from projects.models import ADOPTED_STATUSES, Inspection, ProgressReport, Project, Suggestion


def yi(wan: Decimal) -> Decimal:
    """万元 → 亿元, exact."""
    return (Decimal(wan) / Decimal(10000)).quantize(Decimal("0.01"))


def adopted(year: int, level: str):
    """The projects of ``level``'s slates for ``year`` adopted by a decision dated by 31 December."""
    return Project.objects.filter(
        slate__year=year,
        status__in=ADOPTED_STATUSES,
        slate__decided_on__lte=dt.date(year, 12, 31),
        slate__session__term__congress__level=level,
    )


def completed_as_of(year: int):
    """A project's investment completed by its latest progress report dated between its adoption and
    31 December of ``year``."""
    reports = ProgressReport.objects.filter(
        project=OuterRef("pk"), date__lte=dt.date(year, 12, 31), date__gte=OuterRef("slate__decided_on")
    )
    return Subquery(reports.order_by("-date", "-pk").values("completed_wan")[:1])


def _rows(year: int, level: str) -> list:
    qs = (
        adopted(year, level)
        .annotate(done=completed_as_of(year))
        .select_related("slate__session__term__congress", "implementing_unit")
        .order_by("slate_id", "pk")
    )
    return [
        (
            p.slate.session.term.congress.name,
            p.title,
            p.implementing_unit.name if p.implementing_unit_id else "",
            p.total_wan,
            p.done or Decimal(0),
        )
        for p in qs
    ]


def figures(year: int):
    inspections = Inspection.objects.filter(date__year=year).count()
    suggestions = Suggestion.objects.filter(inspection__date__year=year).count()
    district, town = _rows(year, Level.DISTRICT), _rows(year, Level.TOWN)
    public = reverse("projects:index") + "?year=%d" % year

    def records(key):
        return reverse("reports:figure_records", args=[year, key])

    return [
        Figure(
            "projects.district_voted",
            "people",
            _("District livelihood projects voted"),
            len(district),
            _("projects"),
            _("Projects of the district congress's slate for the year that its vote, decided by 31 December, adopted."),
            records("projects.district_voted"),
            public,
        ),
        Figure(
            "projects.district_total",
            "people",
            _("Their total investment"),
            yi(sum(r[3] for r in district)),
            _("100 million yuan"),
            _("Sum of those adopted district projects' total investment."),
            records("projects.district_total"),
            public,
        ),
        Figure(
            "projects.district_completed",
            "people",
            _("Investment completed in the year"),
            yi(sum(r[4] for r in district)),
            _("100 million yuan"),
            _(
                "Sum over the adopted district projects of the investment completed by each one's latest progress "
                "report dated from its adoption to 31 December of the year."
            ),
            records("projects.district_completed"),
            public,
        ),
        Figure(
            "projects.town_voted",
            "people",
            _("Town livelihood projects voted"),
            len(town),
            _("projects"),
            _(
                "Projects of the town congresses' slates for the year that their votes, decided by 31 December, "
                "adopted."
            ),
            records("projects.town_voted"),
            public,
        ),
        Figure(
            "projects.town_total",
            "people",
            _("Town projects' total investment"),
            yi(sum(r[3] for r in town)),
            _("100 million yuan"),
            _("Sum of those adopted town projects' total investment."),
            records("projects.town_total"),
            public,
        ),
        Figure(
            "projects.inspections",
            "people",
            _("Project supervision inspections"),
            inspections,
            _("times"),
            _("Deputies' supervision visits to projects dated in the year."),
            reverse("projects:inspection_list") + "?year=%d" % year,
            public,
        ),
        Figure(
            "projects.suggestions",
            "people",
            _("Suggestions made at inspections"),
            suggestions,
            _("items"),
            _("Suggestions recorded at the supervision visits dated in the year."),
            reverse("projects:suggestion_list") + "?year=%d" % year,
            public,
        ),
    ]


def records(key: str, year: int):
    """The adopted projects behind a project figure, with the figure as their total; else None."""

    level = {"district": Level.DISTRICT, "town": Level.TOWN}.get(key.split(".")[-1].split("_")[0])
    if not key.startswith("projects.") or level is None or key.endswith(("inspections", "suggestions")):
        return None
    rows = _rows(year, level)
    headers = [
        _("Congress"),
        _("Project"),
        _("Implementing unit"),
        _("Total investment (万元)"),
        _("Completed by 31 December (万元)"),
    ]
    total = {"voted": len(rows), "total": yi(sum(r[3] for r in rows)), "completed": yi(sum(r[4] for r in rows))}[
        key.rsplit("_", 1)[-1]
    ]
    return Records(headers, rows, total)
