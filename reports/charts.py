"""The annual report's charts: the data behind each chart, drawn by ECharts and printed as a table.

Every chart is a plain dict (JSON-ready, cached with the figures under the change stamp):
``{"id", "part", "title", "type", "unit", "categories": [...], "series": [{"name", "values"}]}``.
``type`` is "bar" (categories along the x axis) or "hbar" (categories down the y axis, for long
names such as units and projects). The table beside the chart has one row per category and one
column per series, so the page reads the same without JavaScript and in print.

The queries are a fixed number whatever the number of rows (one or a few aggregates per chart),
through the apps' own selectors where they exist: proposals.selectors.statistics,
projects.selectors.adopted_projects, deputies.selectors.receptions_by_month.
"""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _num(value):
    """JSON numbers for ECharts: Decimal to float; None (nothing to count) stays null, no bar."""
    return float(value) if isinstance(value, Decimal) else value


def _shown(value) -> str:
    """The table's text for a value: integers as they are, rates with one decimal, 万元 with two,
    a dash where there is nothing to count (a rate of no evaluations)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return "%.1f" % value
    return str(value)


def chart(
    key: str, part: str, title: str, axis: str, categories: list, series: list, *, unit: str = "", kind: str = "bar"
) -> dict:
    series = [(str(name), list(values)) for name, values in series]
    return {
        "id": "chart-%s" % key,
        "key": key,
        "part": part,
        "title": str(title),
        "axis": str(axis),
        "type": kind,
        "unit": str(unit),
        "categories": [str(c) for c in categories],
        "series": [{"name": name, "values": [_num(v) for v in values]} for name, values in series],
        "rows": [(str(c), [_shown(values[i]) for _name, values in series]) for i, c in enumerate(categories)],
    }


def receptions(year: int) -> dict:
    """Person-times received at liaison stations in each month (one query)."""
    from deputies.selectors import receptions_by_month

    return chart(
        "receptions",
        "deputies",
        _("Constituents received at liaison stations, by month"),
        _("Month"),
        [_("%(m)d月") % {"m": m} for m in range(1, 13)],
        [(_("Person-times received"), receptions_by_month(year))],
        unit=_("person-times"),
    )


def proposal_status(year: int) -> dict:
    """The year's proposals (submitted in the year, drafts excluded) by handling status (one query)."""
    from proposals.models import UNSUBMITTED, Proposal, Status

    counts = dict(
        Proposal.objects.filter(submitted_on__year=year)
        .exclude(status__in=UNSUBMITTED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    shown = [s for s in Status if s not in UNSUBMITTED and counts.get(s.value)]
    return chart(
        "proposal-status",
        "deputies",
        _("Proposals of the year by handling status"),
        _("Handling status"),
        [s.label for s in shown],
        [(_("Number of proposals"), [counts[s.value] for s in shown])],
        unit=pgettext("proposal count", "items"),
        kind="hbar",
    )


def proposal_units(year: int) -> tuple[dict, dict]:
    """Reply classes A–D of the first-round lead replies, and each lead unit's reply rate and
    satisfaction rate, from proposals.selectors.statistics (a fixed handful of queries)."""
    from proposals.models import ReplyClass
    from proposals.selectors import statistics

    stats = statistics(year=year)
    total = stats["total"]
    classes = [c for c in ReplyClass if total[c.value.lower()]]
    by_class = chart(
        "proposal-class",
        "deputies",
        _("First-round replies by class"),
        _("Reply class"),
        [c.label for c in classes],
        [(_("Number of replies"), [total[c.value.lower()] for c in classes])],
        unit=pgettext("proposal count", "items"),
        kind="hbar",
    )
    units = stats["units"]
    by_unit = chart(
        "proposal-units",
        "deputies",
        _("Reply rate and satisfaction rate by handling unit"),
        _("Lead unit"),
        [u["unit__name"] for u in units],
        [
            (_("Reply rate"), [u["reply_rate"] for u in units]),
            (_("Satisfied or basically satisfied"), [u["basic_rate"] if u["evaluated"] else None for u in units]),
        ],
        unit="%",
        kind="hbar",
    )
    return by_class, by_unit


PROJECTS_CHARTED = 30  # a district votes about 20; beyond this the rest are one bar, so the page stays small


def project_investment(year: int) -> dict:
    """Each adopted district project's planned investment of the year and the investment completed
    (its latest progress report dated from its adoption to the year's end), in 万元, in the order of the vote: one query.
    Past ``PROJECTS_CHARTED`` projects, the rest are summed into one last bar."""
    from congress.models import Level
    from projects.figures import adopted, completed_as_of

    projects = adopted(year, Level.DISTRICT).annotate(done=completed_as_of(year)).order_by("rank", "pk")
    rows = [(p.title, p.year_plan_wan, p.done or Decimal(0)) for p in projects]
    if len(rows) > PROJECTS_CHARTED:
        rest = rows[PROJECTS_CHARTED - 1 :]
        rows = rows[: PROJECTS_CHARTED - 1] + [
            (_("The other %(n)d projects") % {"n": len(rest)}, sum(r[1] for r in rest), sum(r[2] for r in rest))
        ]
    return chart(
        "project-investment",
        "people",
        _("District livelihood projects: investment planned and completed"),
        _("Livelihood project"),
        [r[0] for r in rows],
        [(_("Investment planned this year"), [r[1] for r in rows]), (_("Investment completed"), [r[2] for r in rows])],
        unit=_("10 thousand yuan"),
        kind="hbar",
    )


def charts_for(year: int) -> list[dict]:
    """Return every chart of the year, in page order (uncached: reports.selectors caches it)."""
    by_class, by_unit = proposal_units(year)
    return [project_investment(year), receptions(year), proposal_status(year), by_class, by_unit]
