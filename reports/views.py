import re
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.crud import Crud
from congress.exports import XlsxBook, xlsx_response
from congress.filters import year_filterset
from congress.pagecache import public_page
from congress.permissions import require_perm
from congress.validators import year_in_range
from reports import selectors
from reports.forms import ArticleForm, NarrativeForm, ReportYearForm
from reports.models import Article, Narrative, ReportYear


def _visible_year(request, year: int) -> bool:
    """Whether ``request``'s user may read ``year``: published years for everyone, every report year
    for staff and leaders (from the cached year list: no query when warm)."""
    if request.user.has_perm("reports.view_unpublished"):
        return True
    return selectors.is_published(year)


def report_latest(request):
    return redirect(
        "reports:report",
        year=selectors.latest_year(include_unpublished=request.user.has_perm("reports.view_unpublished")),
    )


@public_page("report")
def report(request, year):
    if not year_in_range(year) or not _visible_year(request, year):
        raise Http404
    staff = request.user.has_perm("reports.view_unpublished")
    years = selectors.report_years(include_unpublished=staff)
    report = selectors.report_for(year)
    context = dict(
        report,
        years=years,
        published=selectors.is_published(year),
        is_staff_view=staff,
        compare=(year - 1) in years,
        charts_js=[
            {k: c[k] for k in ("id", "type", "unit", "categories", "series")}
            for c in report["charts"]
            if c["categories"]
        ],
    )
    return render(request, "reports/report.html", context)


@public_page("report-data")
def report_data(request, year):
    """Open data: every figure with its stable key, value, unit and definition."""
    if not year_in_range(year) or not _visible_year(request, year):
        raise Http404
    report = selectors.report_for(year)
    last = _previous(request, year, report)
    data = {
        "year": year,
        "figures": [dict(f.as_json(), previous=_number(last.get(f.key))) for f in report["figures"]],
        "charts": [{k: c[k] for k in ("key", "title", "unit", "categories", "series")} for c in report["charts"]],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def _compares(request, year) -> bool:
    """Last year's figures are shown beside this year's when that year is visible to the reader."""
    return (year - 1) in selectors.report_years(include_unpublished=request.user.has_perm("reports.view_unpublished"))


def _previous(request, year, report) -> dict:
    """Last year's figures by key, where the reader may see last year; else none."""
    return report["previous"] if _compares(request, year) else {}


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


@require_perm("reports.view_unpublished")
def figure_records(request, year, key):
    """Staff: the rows behind one figure of the year, with their total (the figure's value)."""
    from reports.figures import figures_for, records_for

    found = records_for(key, year) if year_in_range(year) else None
    if found is None:
        raise Http404
    figure = next((f for f in figures_for(year) if f.key == key), None)
    page = Paginator(found.rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/records.html",
        {"year": year, "figure": figure, "records": found, "total": found.total, "page_obj": page},
    )


def report_xlsx(request, year):
    if not year_in_range(year) or not _visible_year(request, year):
        raise Http404
    book = XlsxBook()  # formula-like text stays text (congress/exports.py)
    sheet = book.create_sheet(_("Figures"))
    sheet.append([_("Key"), _("Part"), _("Figure"), _("Value"), _("Unit"), _("Previous year"), _("How it is counted")])
    from reports.models import Part

    report = selectors.report_for(year)
    last = _previous(request, year, report)
    for f in report["figures"]:
        sheet.append(
            [
                f.key,
                str(Part(f.part).label),
                str(f.label),
                float(f.value),
                str(f.unit),
                _number(last.get(f.key)),
                str(f.definition),
            ]
        )
    for number, chart in enumerate(report["charts"], start=1):  # each chart's table on a sheet of its own
        title = "%d %s" % (number, chart["title"])
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
        sheet.append([chart["title"], *("%s (%s)" % (s["name"], chart["unit"]) for s in chart["series"])])
        for row, category in enumerate(chart["categories"]):
            sheet.append([category, *(s["values"][row] for s in chart["series"])])
    return xlsx_response("report-%d.xlsx" % year, book.bytes())


def report_pdf(request, year):
    if not year_in_range(year) or not _visible_year(request, year):
        raise Http404
    from congress.pdf import pdf_response, render_pdf
    from reports.figures import cached

    compare = _compares(request, year)

    def build(year, compare):  # WeasyPrint takes seconds: the document is cached like the data it shows
        return render_pdf("reports/report_pdf.html", dict(selectors.report_for(year), compare=compare), request)

    return pdf_response(cached("pdf", build, year, compare), "report-%d.pdf" % year)


_common = {
    "view_perm": "reports.view_unpublished",
    "manage_perm": "reports.manage",
    "nav_template": "reports/_manage_nav.html",
}
CRUDS = [
    Crud(
        model=ReportYear,
        segment="years",
        form_class=ReportYearForm,
        queryset=ReportYear.objects.all,
        detail_template="reports/_year_publication.html",
        columns=[
            ("year", gettext_lazy("Year")),
            ("title", gettext_lazy("Title")),
            ("published", gettext_lazy("Published")),
        ],
        **_common,
    ),
    Crud(
        model=Narrative,
        segment="narratives",
        form_class=NarrativeForm,
        queryset=lambda: Narrative.objects.select_related("report"),
        columns=[
            ("report", gettext_lazy("Year")),
            ("get_part_display", gettext_lazy("Part")),
            ("order", gettext_lazy("Order")),
            ("__str__", gettext_lazy("Text")),
        ],
        **_common,
    ),
    Crud(
        model=Article,
        segment="articles",
        form_class=ArticleForm,
        queryset=Article.objects.all,
        filterset_class=year_filterset(Article, "published_on"),
        columns=[
            ("published_on", gettext_lazy("Published on")),
            ("title", gettext_lazy("Title")),
            ("outlet", gettext_lazy("Outlet")),
        ],
        **_common,
    ),
]
