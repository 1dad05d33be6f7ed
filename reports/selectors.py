"""Reads for the public site and the annual report.

Everything the report page reads is cached under the change stamp (reports.figures.stamp): the
report years and whether each is published, the year's figures and last year's, the narrative and
the charts. A warm page for an anonymous visitor issues no database query; any write to a counted
model (ReportYear and Narrative included) moves the stamp, and the next view recomputes.
"""

from collections import OrderedDict

from django.utils import timezone

from reports.charts import charts_for
from reports.figures import cached, figures_for
from reports.models import Narrative, Part, ReportYear


def _year_states() -> dict[int, bool]:
    return dict(ReportYear.objects.order_by("-year").values_list("year", "published"))


def year_states() -> dict[int, bool]:
    """Return {year: published} for every report year, newest first (one query when cold)."""
    return cached("years", _year_states)


def report_years(*, include_unpublished: bool) -> list[int]:
    return [y for y, published in year_states().items() if published or include_unpublished]


def is_published(year: int) -> bool:
    return year_states().get(year, False)


def latest_year(*, include_unpublished: bool) -> int:
    years = report_years(include_unpublished=include_unpublished)
    return years[0] if years else timezone.localdate().year - 1


def change(value, previous, *, rate: bool = False) -> dict | None:
    """How a figure moved since last year, for display: its direction, the difference with its sign
    and, for counts and amounts (not rates, whose difference is already in points), the percentage
    of last year's value. None when there is no last year's value to compare with."""
    if previous is None:
        return None
    diff = value - previous
    if isinstance(diff, float):
        diff = round(diff, 1)
    direction = "up" if diff > 0 else "down" if diff < 0 else "same"
    percent = "" if rate or not previous else "%+.1f%%" % (diff * 100 / previous)
    shown = "%+d" % diff if isinstance(diff, int) else "%+.1f" % diff if isinstance(diff, float) else "%+.2f" % diff
    return {"direction": direction, "diff": shown, "percent": percent}


def _report(year: int) -> dict:
    current, previous = figures_for(year), {f.key: f.value for f in figures_for(year - 1)}
    parts = OrderedDict(
        (p, {"part": p.value, "label": str(p.label), "figures": [], "narratives": [], "charts": []}) for p in Part
    )
    for figure in current:
        last = previous.get(figure.key)
        parts[Part(figure.part)]["figures"].append(
            {"figure": figure, "previous": last, "change": change(figure.value, last, rate=figure.unit == "%")}
        )
    for paragraph in Narrative.objects.filter(report__year=year):
        parts[Part(paragraph.part)]["narratives"].append(paragraph)
    charts = charts_for(year)
    for item in charts:
        parts[Part(item["part"])]["charts"].append(item)
    return {"year": year, "parts": list(parts.values()), "figures": current, "previous": previous, "charts": charts}


def report_for(year: int) -> dict:
    """Return the year's parts (figures with last year's value beside them, narrative paragraphs,
    charts), the flat list of figures and the charts; cached under the change stamp."""
    return cached("page", _report, year)
