"""Staff write the year's narrative in the browser: the four parts in order, a paragraph's preview
rendered by the public page's own partial, its photo served by a checked view, and publishing."""

import base64

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.files import serve_file
from congress.permissions import require_perm
from congress.validators import year_in_range
from reports import services
from reports.forms import NarrativeEditForm, PublishForm
from reports.models import Narrative, Part, ReportYear


def _year(year: int) -> int:
    if not year_in_range(year):
        raise Http404
    return year


@require_perm("reports.manage")
def narrative_editor_latest(request):
    from reports.selectors import latest_year

    return redirect("reports:narrative_editor", year=latest_year(include_unpublished=True))


@require_perm("reports.manage")
def narrative_editor(request, year):
    """The year's paragraphs part by part, each shown as the public page shows it, with its edit link."""
    _year(year)
    report = ReportYear.objects.filter(year=year).first()
    paragraphs = list(Narrative.objects.filter(report__year=year).order_by("order", "pk")) if report else []
    for p in paragraphs:
        p.report = report  # spares each paragraph's photo check a query
    parts = [
        {"part": part, "label": part.label, "paragraphs": [p for p in paragraphs if p.part == part]} for part in Part
    ]
    return render(
        request,
        "reports/editor.html",
        {
            "year": year,
            "report": report,
            "parts": parts,
            "published": bool(report and report.published),
            "years": list(ReportYear.objects.values_list("year", flat=True)),
            "publish_form": PublishForm(),
        },
    )


def _preview(form, year: int, narrative: Narrative | None) -> Narrative:
    """Return an unsaved paragraph built from the form, its new photo inlined as data."""
    d = form.cleaned_data
    p = Narrative(
        report=ReportYear(year=year),
        part=d["part"],
        order=d.get("order") or 0,
        text=d["text"],
        photo_caption=d.get("photo_caption", ""),
    )
    upload = d.get("photo")
    if upload:
        mime = services.check_narrative_photo(upload)
        p.preview_src = "data:%s;base64,%s" % (mime, base64.b64encode(upload.read()).decode("ascii"))
        upload.seek(0)
    elif narrative is not None and narrative.photo and not d.get("remove_photo"):
        p.pk, p.photo, p.report = narrative.pk, narrative.photo, narrative.report
    return p


@require_perm("reports.manage")
@require_http_methods(["GET", "POST"])
def narrative_edit(request, year, pk=None):
    """Add (``pk`` None) or change one paragraph; "preview" renders it without saving."""
    _year(year)
    narrative = None
    if pk is not None:
        narrative = get_object_or_404(Narrative.objects.select_related("report"), pk=pk, report__year=year)
    has_photo = bool(narrative and narrative.photo)
    if request.method == "POST":
        form = NarrativeEditForm(request.POST, request.FILES, has_photo=has_photo)
    elif narrative is not None:
        form = NarrativeEditForm(
            has_photo=has_photo,
            initial={
                "part": narrative.part,
                "order": narrative.order,
                "text": narrative.text,
                "photo_caption": narrative.photo_caption,
            },
        )
    else:
        part = request.GET.get("part")
        form = NarrativeEditForm(initial={"part": part if part in Part.values else Part.POLITICAL})
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if request.POST.get("do") == "preview":
                preview = _preview(form, year, narrative)
            else:
                saved = services.narrative_save(
                    year=year,
                    part=d["part"],
                    text=d["text"],
                    photo_caption=d["photo_caption"],
                    order=d["order"],
                    photo=d["photo"],
                    remove_photo=d.get("remove_photo", False),
                    narrative=narrative,
                    actor=request.user,
                )
                messages.success(request, _("Saved the paragraph."))
                return redirect(reverse("reports:narrative_editor", args=[year]) + "#part-%s" % saved.part)
        except services.ReportError as exc:
            form.add_error(None, str(exc))
    return render(
        request, "reports/narrative_form.html", {"year": year, "form": form, "narrative": narrative, "preview": preview}
    )


@require_perm("reports.manage")
@require_POST
def report_publish(request, year):
    """Publish the year's report or withdraw it from the public (the one way ``published`` changes),
    then go back to the screen that asked: the narrative editor or the year's record page."""
    _year(year)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish or to withdraw the year."))
    else:
        publish = form.cleaned_data["action"] == "publish"
        try:
            services.report_year_publish(year=year, published=publish, actor=request.user)
        except services.ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The %(year)d report is published.") % {"year": year}
                if publish
                else _("The %(year)d report is withdrawn from the public.") % {"year": year},
            )
    back = request.POST.get("next", "")  # the year's record page posts here too
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("reports:narrative_editor", year=year)


def narrative_photo(request, pk):
    """A paragraph's photo: for anyone once its year is published, before that for staff and leaders
    only; "not found" alike for a missing and a hidden photo."""
    p = get_object_or_404(Narrative.objects.select_related("report").exclude(photo=""), pk=pk)
    if not (p.report.published or request.user.has_perm("reports.view_unpublished")):
        raise Http404
    return serve_file(p.photo, content_type=p.photo_type, inline=True, private=not p.report.published)
