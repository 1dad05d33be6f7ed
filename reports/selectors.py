"""Reads for the public site and the annual report."""

from collections import OrderedDict

from django.utils import timezone

from reports.figures import figures_for
from reports.models import Narrative, Part, ReportYear


def report_years(*, include_unpublished: bool) -> list[int]:
    qs = ReportYear.objects.all() if include_unpublished else ReportYear.objects.filter(published=True)
    return list(qs.values_list("year", flat=True))


def latest_year(*, include_unpublished: bool) -> int:
    years = report_years(include_unpublished=include_unpublished)
    return years[0] if years else timezone.localdate().year - 1


def report_for(year: int) -> dict:
    """Return the year's parts (figures with last year's value beside them, narrative paragraphs)."""
    current, previous = figures_for(year), {f.key: f.value for f in figures_for(year - 1)}
    narratives = Narrative.objects.filter(report__year=year)
    parts = OrderedDict((p, {"part": p, "label": p.label, "figures": [], "narratives": []}) for p in Part)
    for figure in current:
        parts[Part(figure.part)]["figures"].append({"figure": figure, "previous": previous.get(figure.key)})
    for paragraph in narratives:
        parts[Part(paragraph.part)]["narratives"].append(paragraph)
    return {"year": year, "parts": list(parts.values()), "figures": current}
