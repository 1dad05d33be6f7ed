"""Appointments and removals (任免): nomination, the pre-appointment legal exam, the statement and
the vote at a standing-committee meeting (a Poll of the meetings engine), the oath, and later the
performance review (述职评议) with its members' secret satisfaction vote. Counted in person-times (人次)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from appointments.exam import band
from congress.models import Organization


class NominationKind(models.TextChoices):
    APPOINT = "appoint", _("Appointment")
    REMOVE = "remove", _("Removal")
    RESIGN = "resign", _("Resignation accepted")


class Nominator(models.TextChoices):
    PARTY = "party", _("Recommended by the district Party committee")
    GOVERNMENT = "government", _("Submitted by the government")
    SUPERVISORY = "supervisory", _("Submitted by the supervisory commission")
    COURT = "court", _("Submitted by the court")
    PROCURATORATE = "procuratorate", _("Submitted by the procuratorate")
    CHAIR = "chair", _("Submitted by the chairpersons' meeting")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    QUALIFIED = "qualified", _("Exam passed or exempt")
    VOTING = "voting", _("Put to the vote")
    ADOPTED = "adopted", _("Adopted by the vote")
    REJECTED = "rejected", _("Not adopted")
    SWORN = "sworn", _("Oath taken")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PostRank(models.TextChoices):
    """The post's rank (职级): an exemption from the exam needs an earlier post of the same rank."""

    DIVISION = "zhengchu", _("Division level (正处级)")
    DEPUTY_DIVISION = "fuchu", _("Deputy division level (副处级)")
    SECTION = "zhengke", _("Section level (正科级)")
    DEPUTY_SECTION = "fuke", _("Deputy section level (副科级)")


class Nomination(models.Model):
    # Written only by the services of the pipeline (exam, vote, oath): never on a staff form.
    transition_fields = (
        "status",
        "exam_exempt_reason",
        "exam_exempt_earlier",
        "item",
        "poll",
        "option",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "base",
        "decided_on",
    )

    kind = models.CharField(_("kind"), max_length=10, choices=NominationKind.choices)
    person = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=200)
    rank = models.CharField(
        _("rank"),
        max_length=10,
        choices=PostRank.choices,
        blank=True,
        help_text=_("The post's rank; an exam exemption needs an earlier post of the same rank."),
    )
    organ = models.ForeignKey(
        Organization, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = models.CharField(_("nominated by"), max_length=15, choices=Nominator.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("standing-committee meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("The meeting that hears the statement and votes."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    exam_exempt_reason = models.CharField(
        _("exam exemption"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("The earlier post of the same rank, or the legal basis recorded."),
    )
    exam_exempt_earlier = models.ForeignKey(
        "self",
        verbose_name=_("earlier post of the same rank"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.TextField(_("appointment statement (供职报告)"), blank=True)
    # The vote: a Poll of the meetings engine on an appointment agenda item; one option per nomination
    # (a slate when several are voted together).
    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    poll = models.ForeignKey(
        "meetings.Poll",
        verbose_name=_("vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="nominations",
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
    # The result as the engine counted it (poll_result at the close), kept with the decision.
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True, editable=False)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True, editable=False)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True, editable=False)
    base = models.PositiveIntegerField(_("all members"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NominationKind.values), name="nomination_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"),
            models.CheckConstraint(condition=Q(rank="") | Q(rank__in=PostRank.values), name="nomination_rank_valid"),
            models.CheckConstraint(
                condition=Q(exam_exempt_earlier__isnull=True) | ~Q(exam_exempt_reason=""),
                name="nomination_exemption_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "rejected", "sworn"]) | Q(decided_on__isnull=False),
                name="nomination_decided_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="voting") | Q(poll__isnull=False), name="nomination_voting_has_poll"
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_on"], name="nomination_status_decided_idx")]

    def __str__(self):
        return "%s %s %s" % (self.get_kind_display(), self.person, self.post)

    def get_absolute_url(self):
        return reverse("appointments:nomination_detail", args=[self.pk])

    @property
    def motion(self) -> str:
        """The wording put to the vote, e.g. 任命王某为区民政局局长."""
        if self.kind == NominationKind.APPOINT:
            return _("Appoint %(person)s as %(post)s") % {"person": self.person, "post": self.post}
        if self.kind == NominationKind.REMOVE:
            return _("Remove %(person)s from the post of %(post)s") % {"person": self.person, "post": self.post}
        return _("Accept the resignation of %(person)s as %(post)s") % {"person": self.person, "post": self.post}

    @property
    def exam_done(self) -> bool:
        return self.kind != NominationKind.APPOINT or self.status not in (
            NominationStatus.NOMINATED,
            NominationStatus.WITHDRAWN,
        )


class ExamSitting(models.Model):
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    paper = models.CharField(_("paper"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam sitting")
        verbose_name_plural = _("exam sittings")
        ordering = ["-date"]

    def __str__(self):
        return "%s %s" % (self.date.isoformat(), self.paper)

    def get_absolute_url(self):
        return reverse("appointments:examsitting_detail", args=[self.pk])


class ExamResult(models.Model):
    transition_fields = ("attempt", "score")  # entered through exam_record only

    sitting = models.ForeignKey(
        ExamSitting, verbose_name=_("sitting"), on_delete=models.PROTECT, related_name="results"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="exams"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["nomination", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "attempt"], name="exam_one_result_per_attempt"),
            models.CheckConstraint(
                condition=Q(attempt__in=[1, 2]),
                name="exam_one_resit_only",
                violation_error_message=_("One sitting and one resit at most."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="exam_score_in_range",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return "%s %s" % (self.nomination.person, self.score)

    def get_absolute_url(self):
        return self.nomination.get_absolute_url()

    @property
    def band(self) -> str:
        return band(self.score)


class OathKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class Oath(models.Model):
    """The constitutional oath (宪法宣誓) taken by appointees after the vote."""

    date = models.DateField(_("date"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oaths",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=OathKind.choices)
    leader = models.CharField(
        _("leading the oath"), max_length=50, blank=True, help_text=_("For a group oath: who leads it.")
    )
    nominations = models.ManyToManyField(Nomination, verbose_name=_("appointees"), related_name="oaths")

    history = HistoricalRecords(m2m_fields=[nominations])

    class Meta:
        verbose_name = _("oath")
        verbose_name_plural = _("oaths")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="group") | ~Q(leader=""),
                name="oath_group_has_leader",
                violation_error_message=_("A group oath has someone leading it."),
            )
        ]

    def __str__(self):
        return "%s %s" % (self.date.isoformat(), self.get_kind_display())

    def get_absolute_url(self):
        return reverse("appointments:oath_detail", args=[self.pk])


class ReviewStatus(models.TextChoices):
    DUE = "due", _("Report due")
    FILED = "filed", _("Report filed")
    VOTING = "voting", _("Satisfaction vote")
    RATED = "rated", _("Rated")


class Review(models.Model):
    """A performance review (述职评议) of an appointee at a standing-committee meeting: the report is
    due a set number of days before the meeting (reminded through congress.reminders), then the
    members rate it in a secret satisfaction vote (a rating Poll of the meetings engine)."""

    transition_fields = (
        "report_due",
        "status",
        "report",
        "filed_on",
        "filed_by",
        "item",
        "poll",
        "option",
        "satisfied",
        "basically",
        "unsatisfied",
        "passed",
    )

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("appointment reviewed"), on_delete=models.PROTECT, related_name="reviews"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("standing-committee meeting"),
        on_delete=models.PROTECT,
        related_name="appointment_reviews",
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("the appointee's organization"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its contacts file the report and receive the reminders."),
    )
    report_due = models.DateField(_("report due"), db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    report = models.TextField(_("performance report (述职报告)"), blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    poll = models.ForeignKey(
        "meetings.Poll",
        verbose_name=_("satisfaction vote"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="appointment_reviews",
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
    # The result as the engine counted it at the close.
    satisfied = models.PositiveIntegerField(_("satisfied"), null=True, blank=True, editable=False)
    basically = models.PositiveIntegerField(_("basically satisfied"), null=True, blank=True, editable=False)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), null=True, blank=True, editable=False)
    passed = models.BooleanField(_("satisfactory"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance review")
        verbose_name_plural = _("performance reviews")
        ordering = ["-report_due", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "meeting"],
                name="review_once_per_meeting",
                violation_error_message=_("This appointee is already reviewed at this meeting."),
            ),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_valid"),
            models.CheckConstraint(condition=Q(status="due") | Q(filed_on__isnull=False), name="review_filed_dated"),
            models.CheckConstraint(
                condition=~Q(status__in=["voting", "rated"]) | Q(poll__isnull=False), name="review_voting_has_poll"
            ),
        ]

    def __str__(self):
        return "%s %s" % (self.nomination.person, self.nomination.post)

    def get_absolute_url(self):
        return reverse("appointments:review_detail", args=[self.pk])

    @property
    def days_before(self) -> int:
        return (self.meeting.date - self.report_due).days

    @property
    def late(self) -> bool:
        """Filed after the day it was due (or still missing once that day has passed)."""
        from django.utils import timezone

        return (self.filed_on or timezone.localdate()) > self.report_due
