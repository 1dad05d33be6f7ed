"""Year pages: which years have records, which year a page opens on, and the context of the shared year
switch (congress/_year_switch.html). A page with no year in its URL opens on the newest year that has
records, not on the calendar year (empty until the first record of January)."""

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import ExtractYear

from congress.crud import year_param

ALL = "all"  # the ``year`` value of a page that can also show every year at once (the dossier's term)


def _final_field(model, path: str):
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model or model
    return field


def _year_values(queryset: QuerySet, field: str) -> QuerySet:
    """One column of years: the year of a date or datetime ``field``, or an integer year ``field``."""
    is_date = isinstance(_final_field(queryset.model, field), DateField)  # DateTimeField is one too
    return (
        queryset.order_by()
        .annotate(record_year=ExtractYear(field) if is_date else F(field))
        .filter(record_year__isnull=False)
        .values_list("record_year", flat=True)
        .distinct()
    )


def years_with_records(queryset: QuerySet, field: str, *more: tuple[QuerySet, str]) -> list[int]:
    """Return the years, newest first, in which ``queryset`` (and each further ``(queryset, field)``
    pair) has a row, by its date or integer year ``field``. One query, whatever the number of rows
    or sources (a UNION); ``field`` may cross relations (``"meeting__date"``)."""
    years = _year_values(queryset, field)
    if more:
        years = years.union(*(_year_values(qs, f) for qs, f in more))
    return sorted({int(y) for y in years}, reverse=True)


def default_year(request, years: list[int]) -> int:
    """Return the year a page shows: the ``year`` parameter when it is a plausible year, else the
    newest of ``years`` (this calendar year when there are none). No query."""
    return year_param(request, default=years[0] if years else None)


def year_invalid(request) -> bool:
    """Whether the request asked for a year that is not one (``abc``, ``99999``): the page says so and
    shows its default year instead of failing."""
    raw = request.GET.get("year", "")
    return bool(raw) and raw != ALL and year_param(request, default=0) == 0


def year_context(request, years: list[int]) -> dict:
    """Return ``year``, ``years`` and ``year_invalid`` for a year page and its switch. No query."""
    return {"year": default_year(request, years), "years": years, "year_invalid": year_invalid(request)}
