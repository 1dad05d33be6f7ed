"""The year's report as staff write it: whether the year is published, and the narrative of each part."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.validators import year_q


class Part(models.TextChoices):
    """The four parts of the year, in the order of the seed's summary."""

    POLITICAL = "political", _("Political work")
    PEOPLE = "people", _("Serving the people")
    DEPUTIES = "deputies", _("Deputies")
    SELF = "self", _("Self-building")


class ReportYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published years are shown to the public.")
    )

    history = HistoricalRecords()
    transition_fields = ("published",)  # report_year_publish, from the year and narrative screens

    class Meta:
        verbose_name = _("report year")
        verbose_name_plural = _("report years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=year_q(),
                name="reportyear_sane",
                violation_error_message=_("Give a real year."),
            )
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("reports:reportyear_detail", args=[self.pk])


def narrative_photo_path(instance, filename):
    import uuid

    ending = "." + filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else ""
    return "reports/narrative/%s%s" % (uuid.uuid4().hex, ending)


class Narrative(models.Model):
    """A paragraph (and optional photo with its caption) staff write for one part of a year. The photo
    is served only by ``reports:narrative_photo``, which shows it for a published year or to staff."""

    report = models.ForeignKey(ReportYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="narratives")
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to=narrative_photo_path, max_length=200, blank=True)
    photo_type = models.CharField(_("photo type"), max_length=50, blank=True, editable=False)
    photo_caption = models.CharField(_("photo caption"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("narrative paragraph")
        verbose_name_plural = _("narrative paragraphs")
        ordering = ["report", "part", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(part__in=Part.values), name="narrative_part_valid")]

    def __str__(self):
        return "%s %s %s" % (self.report, self.get_part_display(), self.text[:20])

    def get_absolute_url(self):
        return reverse("reports:narrative_detail", args=[self.pk])


class Article(models.Model):
    """A piece about the committee's work published in the media (宣传报道)."""

    title = models.CharField(_("title"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=100)
    published_on = models.DateField(_("published on"), db_index=True)
    link = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("media article")
        verbose_name_plural = _("media articles")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:article_detail", args=[self.pk])
