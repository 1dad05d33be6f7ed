"""The narrative's photo in the public page and the PDF: shown for a published year or to staff only."""

from pathlib import Path

from django import template
from django.urls import reverse

from reports.models import ReportYear

register = template.Library()


def _visible(context, p) -> bool:
    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("reports.view_unpublished"):
        return True
    published = context.get("published")  # the report page knows; the PDF asks once per year
    if published is None:
        cache = context.render_context.setdefault("report_photos_published", {})
        if p.report_id not in cache:
            cache[p.report_id] = ReportYear.objects.filter(pk=p.report_id, published=True).exists()
        published = cache[p.report_id]
    return bool(published)


@register.simple_tag(takes_context=True)
def narrative_photo_url(context, p) -> str:
    """Return the checked URL of the paragraph's photo (or the preview's inline data), or ""."""
    preview = getattr(p, "preview_src", "")
    if preview:
        return preview
    if not p.photo or not p.pk or not _visible(context, p):
        return ""
    return reverse("reports:narrative_photo", args=[p.pk])


@register.simple_tag(takes_context=True)
def narrative_photo_file(context, p) -> str:
    """Return a file:// URL WeasyPrint reads the photo from (never over HTTP), or ""."""
    if not p.photo or not p.pk or not _visible(context, p):
        return ""
    try:
        return Path(p.photo.path).resolve().as_uri()
    except (ValueError, NotImplementedError):
        return ""
