"""The holiday calendar's staff screen: a year's holidays and 调休 days, a day added, changed or
taken off, and a notice imported after a preview (each change through congress.holidays)."""

import io

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress import holidays
from congress.calendar_forms import CalendarDayForm, CalendarImportForm, CalendarRemoveForm
from congress.exports import csv_writer
from congress.forms import form_errors_text
from congress.models import CalendarDay
from congress.permissions import require_perm
from congress.validators import year_in_range


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if year_in_range(year) else timezone.localdate().year


def _back(year) -> str:
    return "%s?year=%s" % (reverse("congress:calendar"), year)


def _refused(request, form):
    messages.error(request, form_errors_text(form))
    return redirect(_back(_year(request)))


@require_perm("congress.manage_core")
def calendar(request):
    year = _year(request)
    days = list(CalendarDay.objects.filter(day__year=year).order_by("day"))
    years = [d.year for d in CalendarDay.objects.dates("day", "year")]
    return render(
        request,
        "congress/calendar.html",
        {
            "year": year,
            "days": days,
            "years": years,
            "form": CalendarDayForm(initial={"kind": "holiday"}),
            "import_form": CalendarImportForm(),
        },
    )


@require_perm("congress.manage_core")
@require_POST
def calendar_day(request):
    form = CalendarDayForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    data = form.cleaned_data
    try:
        holidays.calendar_day_save(
            day=data["day"],
            kind=data["kind"],
            holiday=data["holiday"],
            name=data["name"],
            reason=data["reason"],
            actor=request.user,
        )
    except holidays.CalendarError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(day)s saved; the open deadlines it affects were recalculated.") % {"day": data["day"].isoformat()},
        )
    return redirect(_back(data["day"].year))


@require_perm("congress.manage_core")
@require_POST
def calendar_remove(request):
    form = CalendarRemoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        holidays.calendar_day_remove(
            day=form.cleaned_data["day"], reason=form.cleaned_data["reason"], actor=request.user
        )
    except holidays.CalendarError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(day)s taken off the calendar.") % {"day": form.cleaned_data["day"].isoformat()})
    return redirect(_back(form.cleaned_data["day"].year))


def _rows_text(rows) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # the rows hold names a user typed: keep them text
    for r in rows:
        writer.writerow(
            [r.day.isoformat() if r.day else "", "休" if r.kind == "holiday" else "班", r.name or r.holiday]
        )
    return out.getvalue()


@require_perm("congress.manage_core")
@require_http_methods(["GET", "POST"])
def calendar_import(request):
    """First POST (a file): the preview, each row with its error. Second POST (the previewed rows,
    sent back as text): the import, all or nothing."""
    form = CalendarImportForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        confirm = not upload and form.cleaned_data["rows"]
        if confirm:
            upload = SimpleUploadedFile("rows.csv", form.cleaned_data["rows"].encode("utf-8"))
        if not upload:
            form.add_error("upload", _("Choose the file of the notice."))
        else:
            try:
                rows = holidays.calendar_import_parse(upload=upload)
                if confirm:
                    count = holidays.calendar_import(rows=rows, reason=form.cleaned_data["reason"], actor=request.user)
                    messages.success(
                        request,
                        _("%(n)s days imported; the open deadlines they affect were recalculated.") % {"n": count},
                    )
                    return redirect(_back(rows[0].day.year))
            except holidays.CalendarError as exc:
                form.add_error(None, str(exc))
    confirm_form = None
    if rows and not any(r.error for r in rows):
        confirm_form = CalendarImportForm(initial={"rows": _rows_text(rows), "reason": form.cleaned_data["reason"]})
    return render(request, "congress/calendar_import.html", {"form": form, "rows": rows, "confirm_form": confirm_form})
