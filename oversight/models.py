"""Oversight: inspection tours, research, law-enforcement inspections and supervision checks; special
work reports heard and reviewed by the standing committee, the review opinions sent to the reporting
organization and its written response before the deadline."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Organization


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection tour (视察)")
    RESEARCH = "research", _("Research (调研)")
    ENFORCEMENT = "enforcement", _("Law-enforcement inspection (执法检查)")
    SUPERVISION = "supervision", _("Supervision check (监督检查)")


class ReportStatus(models.TextChoices):
    NONE = "none", _("No report yet")
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class OversightActivity(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    law = models.CharField(
        _("law inspected"), max_length=200, blank=True, help_text=_("For a law-enforcement inspection: the law's name.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    office = models.ForeignKey(
        Organization,
        verbose_name=_("office in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members taking part"), blank=True, related_name="oversight_activities"
    )
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies taking part"), blank=True, related_name="oversight_activities"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organizations inspected"), blank=True, related_name="oversight_visits"
    )
    findings = models.TextField(_("findings"), blank=True)
    report = models.TextField(_("report"), blank=True)
    report_status = models.CharField(
        _("report status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NONE
    )
    report_adopted_on = models.DateField(_("report adopted on"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords(m2m_fields=[deputies, organizations])

    class Meta:
        verbose_name = _("oversight activity")
        verbose_name_plural = _("oversight activities")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["kind", "start_date"], name="oversight_kind_date_idx"),
            models.Index(fields=["-start_date", "-id"], name="oversight_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="oversight_kind_valid"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="oversight_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="enforcement") | ~Q(law=""),
                name="oversight_enforcement_names_law",
                violation_error_message=_("Name the law a law-enforcement inspection inspects."),
            ),
            models.CheckConstraint(
                condition=Q(report_status="adopted", report_adopted_on__isnull=False) | ~Q(report_status="adopted"),
                name="oversight_adopted_dated",
                violation_error_message=_("Give the date the report was adopted."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("oversight:oversightactivity_detail", args=[self.pk])


class ReportKind(models.TextChoices):
    SPECIAL = "special", _("Special work report")
    BUDGET = "budget", _("Budget adjustment")
    ACCOUNTS = "accounts", _("Final accounts")
    AUDIT = "audit", _("Audit and rectification")
    PLAN = "plan", _("Plan")


class SpecialReport(models.Model):
    """A report heard and reviewed at a standing-committee meeting, and the review opinions sent on."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.SPECIAL)
    title = models.CharField(_("title"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("reporting organization"), on_delete=models.PROTECT, related_name="special_reports"
    )
    # The agenda item that heard it; the item in turn names this report as the record it concerns
    # (AgendaItem.concerns), so the meeting's page and this one point at each other. The foreign key
    # keeps the item from being deleted while the report depends on it.
    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("agenda item heard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oversight_report",
    )
    decision = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("decision or resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a budget adjustment or final accounts: the decision adopted on it."),
    )
    meeting = models.CharField(
        _("meeting"), max_length=200, help_text=_("The standing-committee meeting that heard it.")
    )
    heard_on = models.DateField(_("heard on"))
    opinions = models.TextField(_("review opinions"), blank=True)
    opinions_sent_on = models.DateField(_("opinions sent on"), null=True, blank=True)
    response_due = models.DateField(_("response due"), null=True, blank=True, db_index=True)
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("response recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report heard and reviewed")
        verbose_name_plural = _("reports heard and reviewed")
        ordering = ["-heard_on", "-pk"]
        indexes = [models.Index(fields=["-heard_on", "-id"], name="specialreport_list_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="specialreport_kind_valid"),
            models.CheckConstraint(
                condition=Q(opinions_sent_on__isnull=True)
                | Q(opinions_sent_on__gte=F("heard_on"), response_due__isnull=False),
                name="specialreport_sent_after_heard_with_due",
                violation_error_message=_("Opinions are sent after the hearing, with a due date."),
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(opinions_sent_on__isnull=False),
                name="specialreport_response_after_sending",
                violation_error_message=_("A response needs opinions sent first."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("oversight:specialreport_detail", args=[self.pk])

    @property
    def answered_in_time(self) -> bool | None:
        if self.responded_on is None or self.response_due is None:
            return None
        return self.responded_on <= self.response_due


def document_path(instance, filename):
    import uuid

    from django.utils import timezone

    return "oversight/%s/%s" % (timezone.now().strftime("%Y/%m"), uuid.uuid4().hex)


class DocumentRole(models.TextChoices):
    REPORT = "report", _("Report")
    MATERIAL = "material", _("Material")
    RESPONSE = "response", _("Response letter")


class Document(models.Model):
    """A file of an activity (its report) or of a report heard (the report, budget documents, the
    organization's response letter), stored under MEDIA_ROOT and served only through a checked view."""

    activity = models.ForeignKey(
        OversightActivity,
        verbose_name=_("oversight activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    report = models.ForeignKey(
        SpecialReport,
        verbose_name=_("report heard and reviewed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    role = models.CharField(_("document"), max_length=10, choices=DocumentRole.choices, default=DocumentRole.REPORT)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=True, report__isnull=False)
                | Q(activity__isnull=False, report__isnull=True),
                name="oversight_document_one_owner",
            ),
            models.CheckConstraint(condition=Q(role__in=DocumentRole.values), name="oversight_document_role_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("oversight:document", args=[self.pk])
