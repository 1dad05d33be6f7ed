from io import BytesIO

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from congress.crud import Crud
from deputies.selectors import receptions_by_month
from reports import selectors
from reports.forms import ArticleForm, NarrativeForm, ReportYearForm
from reports.models import Article, Narrative, ReportYear


def home(request):
    """The public home page: what the standing committee publishes."""
    return render(request, "reports/home.html",
                  {"latest_year": selectors.latest_year(include_unpublished=False)})


def _visible_year(request, year: int) -> bool:
    if request.user.has_perm("reports.view_unpublished"):
        return True
    return ReportYear.objects.filter(year=year, published=True).exists()


def report_latest(request):
    return redirect("reports:report", year=selectors.latest_year(
        include_unpublished=request.user.has_perm("reports.view_unpublished")))


def report(request, year):
    if not 1949 <= year <= 2200 or not _visible_year(request, year):
        raise Http404
    context = selectors.report_for(year)
    context.update(
        years=selectors.report_years(include_unpublished=request.user.has_perm("reports.view_unpublished")),
        published=ReportYear.objects.filter(year=year, published=True).exists(),
        is_staff_view=request.user.has_perm("reports.view_unpublished"),
        chart={"receptions": {"months": [_("%(m)d月") % {"m": m} for m in range(1, 13)],
                              "values": receptions_by_month(year), "label": _("Person-times received")}},
    )
    return render(request, "reports/report.html", context)


def report_data(request, year):
    """Open data: every figure with its stable key, value, unit and definition."""
    if not 1949 <= year <= 2200 or not _visible_year(request, year):
        raise Http404
    data = {"year": year, "figures": [f.as_json() for f in selectors.report_for(year)["figures"]]}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def report_xlsx(request, year):
    if not 1949 <= year <= 2200 or not _visible_year(request, year):
        raise Http404
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Figures"))
    sheet.append([_("Key"), _("Part"), _("Figure"), _("Value"), _("Unit"), _("How it is counted")])
    from reports.models import Part

    for f in selectors.report_for(year)["figures"]:
        sheet.append([f.key, str(Part(f.part).label), str(f.label), float(f.value), str(f.unit), str(f.definition)])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="report-%d.xlsx"' % year
    return response


def report_pdf(request, year):
    if not 1949 <= year <= 2200 or not _visible_year(request, year):
        raise Http404
    from congress.pdf import pdf_response, render_pdf

    return pdf_response(render_pdf("reports/report_pdf.html", selectors.report_for(year), request), "report-%d.pdf" % year)


_common = {"view_perm": "reports.view_unpublished", "manage_perm": "reports.manage",
           "nav_template": "reports/_manage_nav.html"}
CRUDS = [
    Crud(model=ReportYear, segment="years", form_class=ReportYearForm, queryset=ReportYear.objects.all,
         columns=[("year", gettext_lazy("Year")), ("title", gettext_lazy("Title")),
                  ("published", gettext_lazy("Published"))], **_common),
    Crud(model=Narrative, segment="narratives", form_class=NarrativeForm,
         queryset=lambda: Narrative.objects.select_related("report"),
         columns=[("report", gettext_lazy("Year")), ("get_part_display", gettext_lazy("Part")),
                  ("order", gettext_lazy("Order")), ("__str__", gettext_lazy("Text"))], **_common),
    Crud(model=Article, segment="articles", form_class=ArticleForm, queryset=Article.objects.all,
         columns=[("published_on", gettext_lazy("Published on")), ("title", gettext_lazy("Title")),
                  ("outlet", gettext_lazy("Outlet"))], **_common),
]
