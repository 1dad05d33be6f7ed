"""Livelihood projects (民生实事): ideas solicited, the candidate slate voted at a congress session,
the adopted projects' investment and milestones, and their supervision by deputies.

Amounts are stored exactly in 万元 (Decimal, two places), as offices write them; pages show 万元/亿元.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Congress, Organization, Session

WAN = {"max_digits": 14, "decimal_places": 2}


class IdeaSource(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    DEPUTY = "deputy", _("Deputy")
    PUBLIC = "public", _("Public")


class IdeaStatus(models.TextChoices):
    NEW = "new", _("Received")
    ACCEPTED = "accepted", _("Taken onto the slate")
    DECLINED = "declined", _("Not taken up")


class Idea(models.Model):
    """A project idea sent in during solicitation (征集), from the government, a deputy or the public."""

    PRIVATE_FIELDS = ("contact",)
    audit_private_fields = frozenset(PRIVATE_FIELDS)
    transition_fields = ("status", "screening_note")  # idea_screen

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="ideas")
    year = models.PositiveSmallIntegerField(_("for year"))
    source = models.CharField(_("source"), max_length=12, choices=IdeaSource.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    submitted_by = models.CharField(_("submitted by"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    received_on = models.DateField(_("received on"), auto_now_add=True)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("deputy's proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_ideas",
        help_text=_("For an idea from a deputy: the proposal it came from."),
    )
    status = models.CharField(_("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    screening_note = models.CharField(_("screening note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=IdeaSource.values), name="idea_source_valid"),
            models.CheckConstraint(condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:idea_detail", args=[self.pk])


class SlateStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    VOTING = "voting", _("Put to the vote")
    DECIDED = "decided", _("Decided")


class VoteKind(models.TextChoices):
    SLATE = "slate", _("For / against / abstain on each candidate")
    CHOOSE = "choose", _("Choose up to the number of places")


class Slate(models.Model):
    """The candidate projects put to a congress session's vote: more candidates than places (差额)."""

    transition_fields = ("status", "poll", "satisfaction_poll", "decided_on", "decision_note")

    session = models.ForeignKey(
        Session, verbose_name=_("congress session"), on_delete=models.PROTECT, related_name="project_slates"
    )
    year = models.PositiveSmallIntegerField(_("projects for year"))
    places = models.PositiveSmallIntegerField(_("places"), help_text=_("How many projects are adopted at most."))
    electorate = models.PositiveIntegerField(
        _("deputies of the congress"),
        null=True,
        blank=True,
        help_text=_("All deputies: a project needs more than half of them."),
    )
    vote_kind = models.CharField(
        _("how deputies vote"),
        max_length=8,
        choices=VoteKind.choices,
        default=VoteKind.SLATE,
        help_text=_("As the congress's rules say."),
    )
    status = models.CharField(_("status"), max_length=10, choices=SlateStatus.choices, default=SlateStatus.DRAFT)
    # The vote is a Poll of the meetings engine on an agenda item of the congress session's meeting.
    poll = models.OneToOneField(
        "meetings.Poll",
        verbose_name=_("vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="project_slate",
    )
    satisfaction_poll = models.OneToOneField(
        "meetings.Poll",
        verbose_name=_("year-end satisfaction vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="project_satisfaction_slate",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(
        _("decision note"), blank=True, help_text=_("How ties or a shortfall of places were settled.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project slate")
        verbose_name_plural = _("project slates")
        ordering = ["-year", "session__term__congress__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "year"], name="slate_one_per_session_year"),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="slate_places_positive",
                violation_error_message=_("A slate has at least one place."),
            ),
            models.CheckConstraint(condition=Q(status__in=SlateStatus.values), name="slate_status_valid"),
            models.CheckConstraint(condition=Q(vote_kind__in=VoteKind.values), name="slate_vote_kind_valid"),
            models.CheckConstraint(
                condition=Q(status="decided", decided_on__isnull=False, electorate__isnull=False)
                | ~Q(status="decided"),
                name="slate_decided_dated",
            ),
        ]

    def __str__(self):
        return _("%(session)s: %(year)s livelihood projects") % {"session": self.session, "year": self.year}

    def get_absolute_url(self):
        return reverse("projects:slate_detail", args=[self.pk])

    @property
    def congress(self) -> Congress:
        return self.session.term.congress


class ProjectStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    IN_PROGRESS = "in_progress", _("Being implemented")
    COMPLETED = "completed", _("Completed")
    MOSTLY = "mostly", _("Basically completed")
    UNFINISHED = "unfinished", _("Not completed")


ADOPTED_STATUSES = (ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.MOSTLY, ProjectStatus.UNFINISHED)


class Project(models.Model):
    """A candidate on a slate; once adopted, the livelihood project being implemented."""

    transition_fields = (
        "status",
        "option",
        "satisfaction_option",
        "report_due",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "rank",
        "year_end_on",
    )

    slate = models.ForeignKey(Slate, verbose_name=_("slate"), on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    implementing_unit = models.ForeignKey(
        Organization, verbose_name=_("implementing unit"), on_delete=models.PROTECT, related_name="livelihood_projects"
    )
    total_wan = models.DecimalField(_("total investment (10 thousand yuan)"), **WAN)
    year_plan_wan = models.DecimalField(_("planned investment this year (10 thousand yuan)"), **WAN)
    content = models.TextField(_("content and goals"))
    idea = models.ForeignKey(
        Idea, verbose_name=_("from idea"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.CANDIDATE
    )
    option = models.OneToOneField(
        "meetings.PollOption",
        verbose_name=_("option on the vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction_option = models.OneToOneField(
        "meetings.PollOption",
        verbose_name=_("option on the satisfaction vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_due = models.DateField(_("next progress report due"), null=True, blank=True, db_index=True)
    # The result as the engine counted it (poll_result at the close), kept with the decision.
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    year_end_on = models.DateField(_("year-end status set on"), null=True, blank=True, editable=False)
    supervisors = models.ManyToManyField(
        "deputies.DeputyGroup",
        verbose_name=_("supervising deputy groups"),
        blank=True,
        related_name="supervised_projects",
    )
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[supervisors])

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["slate", "rank", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_status_valid"),
            models.CheckConstraint(
                condition=Q(total_wan__gt=0),
                name="project_total_positive",
                violation_error_message=_("The total investment must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(year_plan_wan__gte=0, year_plan_wan__lte=F("total_wan")),
                name="project_year_plan_within_total",
                violation_error_message=_("This year's plan cannot exceed the total investment."),
            ),
            models.CheckConstraint(
                condition=Q(year_end_on__isnull=True) | Q(status__in=["completed", "mostly", "unfinished"]),
                name="project_year_end_dated_closed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def adopted(self) -> bool:
        return self.status in ADOPTED_STATUSES


class Milestone(models.Model):
    """A step of an adopted project, with its planned date and the date a progress report marked it done."""

    transition_fields = ("done_on",)  # progress_report_file

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("planned for"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:milestone_detail", args=[self.pk])


def photo_path(instance, filename):
    import uuid

    return "projects/progress/%s%s" % (
        uuid.uuid4().hex,
        "." + filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "",
    )


class ProgressReport(models.Model):
    """The implementing unit's report: investment completed in the year so far, and where it stands."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="reports")
    date = models.DateField(_("date"))
    completed_wan = models.DecimalField(_("completed this year so far (10 thousand yuan)"), **WAN)
    note = models.TextField(_("progress"), blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_type = models.CharField(_("photo type"), max_length=50, blank=True, editable=False)
    milestones_done = models.ManyToManyField(
        Milestone, verbose_name=_("milestones reached"), blank=True, related_name="reports"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "-date", "-pk"]
        indexes = [models.Index(fields=["project", "-date"], name="progress_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_wan__gte=0),
                name="progress_nonnegative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self):
        return "%s %s" % (self.project, self.date.isoformat())

    def get_absolute_url(self):
        return reverse("projects:progressreport_detail", args=[self.pk])


class Inspection(models.Model):
    """A supervision visit (包片联点监督检查) to a project by deputies, with its findings."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="inspections"
    )
    date = models.DateField(_("date"))
    participants = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies taking part"), blank=True, related_name="project_inspections"
    )
    findings = models.TextField(_("findings"))

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("project inspection")
        verbose_name_plural = _("project inspections")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return "%s %s" % (self.project, self.date.isoformat())

    def get_absolute_url(self):
        return reverse("projects:inspection_detail", args=[self.pk])


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Sent to the unit")
    ADOPTED = "adopted", _("Adopted")
    EXPLAINED = "explained", _("Explained")


class Suggestion(models.Model):
    transition_fields = ("status", "response", "closed_on")  # suggestion_respond, suggestion_close

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="suggestions"
    )
    text = models.TextField(_("suggestion"))
    status = models.CharField(
        _("handling"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    response = models.TextField(_("unit's response"), blank=True)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Staff close a suggestion once its handling is done; then it stays as it is."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["inspection", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(status="open"), name="suggestion_closed_answered"
            ),
        ]

    def __str__(self):
        return self.text[:40]

    def get_absolute_url(self):
        return reverse("projects:suggestion_detail", args=[self.pk])
