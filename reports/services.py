"""Writes of the annual report: the year's narrative paragraphs with their photos, and publishing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import User
from congress.validators import year_in_range
from reports.models import Narrative, Part, ReportYear

NARRATIVE_MAX_CHARS = 3000


class ReportError(Exception):
    """A refused change, with a translated message for the person who asked."""


def check_narrative_photo(upload) -> str:
    """Return the photo's MIME type, decided by its content and size exactly as the progress reports
    of projects decide it (PNG, JPEG, GIF up to 10 MB) and decoded by Pillow, or raise ReportError."""
    from PIL import Image

    from congress.files import check_photo

    try:
        mime = check_photo(upload)
    except ValidationError as exc:
        raise ReportError(" ".join(exc.messages)) from None
    try:  # the first bytes say PNG/JPEG/GIF; the image must also decode as one
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken file
        raise ReportError(_("The photo cannot be read as an image.")) from None
    finally:
        upload.seek(0)
    return mime


def report_year_ensure(*, year: int, actor: User) -> ReportYear:
    """Return the year's ReportYear, creating it (unpublished, audited) when staff first write for it."""
    if not year_in_range(year):
        raise ReportError(_("Give a real year."))
    report = ReportYear.objects.filter(year=year).first()
    if report is None:
        report = as_actor(ReportYear(year=year), actor)
        report.full_clean()
        report.save()
    return report


@transaction.atomic
def narrative_save(
    *,
    year: int,
    part: str,
    text: str,
    photo_caption: str = "",
    order: int | None = None,
    photo=None,
    remove_photo: bool = False,
    narrative: Narrative | None = None,
    actor: User,
) -> Narrative:
    """Add a paragraph to a part of the year (at the end unless ``order`` is given) or change
    ``narrative``. A new photo is checked by its content before anything is written; ``remove_photo``
    drops the current one (the file stays on disk: the history rows still name it)."""
    if part not in Part.values:
        raise ReportError(_("Choose one of the four parts."))
    text = (text or "").strip()
    if not text:
        raise ReportError(_("Write the paragraph's text."))
    if len(text) > NARRATIVE_MAX_CHARS:
        raise ReportError(_("The paragraph is longer than %(n)d characters.") % {"n": NARRATIVE_MAX_CHARS})
    photo_type = check_narrative_photo(photo) if photo else ""
    report = report_year_ensure(year=year, actor=actor)
    if narrative is None:
        narrative = Narrative(report=report)
    else:
        narrative = Narrative.objects.select_for_update().get(pk=narrative.pk)
        if narrative.report_id != report.pk:
            raise ReportError(_("This paragraph belongs to another year."))
    if order is None and (narrative.pk is None or narrative.part != part):
        last = (
            Narrative.objects.filter(report=report, part=part)
            .exclude(pk=narrative.pk)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        order = 0 if last is None else last + 1
    narrative.part, narrative.text, narrative.photo_caption = part, text, (photo_caption or "").strip()
    if order is not None:
        narrative.order = order
    if photo:
        narrative.photo, narrative.photo_type = photo, photo_type
    elif remove_photo:
        narrative.photo, narrative.photo_type = "", ""
    try:
        narrative.full_clean()
    except ValidationError as exc:
        raise ReportError(" ".join(exc.messages)) from None
    as_actor(narrative, actor)
    narrative.save()
    return narrative


@transaction.atomic
def report_year_publish(*, year: int, published: bool, actor: User) -> ReportYear:
    """Publish or withdraw the year's report (the public sees only published years). Asking for the
    state the year is already in changes nothing and writes no audit line."""
    report = report_year_ensure(year=year, actor=actor)
    report = ReportYear.objects.select_for_update().get(pk=report.pk)
    if report.published != published:
        report.published = published
        as_actor(report, actor)
        report.save(update_fields=["published"])
    return report
