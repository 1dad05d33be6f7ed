"""The public records behind the public figures, as CSV."""

import csv
from io import StringIO

from django.http import Http404, HttpResponse

from reports.views import _visible_year


def report_csv(request, year):
    """The public records behind the public figures: the year's receptions per station and month."""
    if not 1949 <= year <= 2200 or not _visible_year(request, year):
        raise Http404
    from django.db.models import Sum
    from django.db.models.functions import ExtractMonth

    from deputies.models import Reception

    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(["station", "month", "person_times"])
    rows = (Reception.objects.filter(date__year=year).annotate(m=ExtractMonth("date"))
            .values_list("station__name", "m").annotate(n=Sum("visitors")).order_by("station__name", "m"))
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="receptions-%d.csv"' % year
    return response
