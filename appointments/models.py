"""Appointments and removals (任免): nomination, the pre-appointment legal exam, the vote, the oath,
and later the performance review. Counted in person-times (人次)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
    ADOPTED = "adopted", _("Adopted by the vote")
    REJECTED = "rejected", _("Not adopted")
    SWORN = "sworn", _("Oath taken")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Nomination(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=NominationKind.choices)
    person = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=200)
    organ = models.ForeignKey(Organization, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="nominations")
    nominated_by = models.CharField(_("nominated by"), max_length=15, choices=Nominator.choices)
    meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NominationStatus.choices,
                              default=NominationStatus.NOMINATED)
    exam_exempt_reason = models.CharField(_("exam exemption"), max_length=200, blank=True,
                                          help_text=_("Re-appointment to an equivalent post: the reason for exemption."))
    statement = models.TextField(_("appointment statement (供职报告)"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    members = models.PositiveIntegerField(_("all members"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NominationKind.values), name="nomination_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"),
            models.CheckConstraint(condition=~Q(status__in=["adopted", "rejected", "sworn"]) | Q(decided_on__isnull=False),
                                   name="nomination_decided_dated"),
        ]

    def __str__(self):
        return "%s %s %s" % (self.get_kind_display(), self.person, self.post)

    def get_absolute_url(self):
        return reverse("appointments:nomination_detail", args=[self.pk])


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
    sitting = models.ForeignKey(ExamSitting, verbose_name=_("sitting"), on_delete=models.PROTECT, related_name="results")
    nomination = models.ForeignKey(Nomination, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="exams")
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["nomination", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "attempt"], name="exam_one_result_per_attempt"),
            models.CheckConstraint(condition=Q(attempt__in=[1, 2]), name="exam_one_resit_only",
                                   violation_error_message=_("One sitting and one resit at most.")),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="exam_score_in_range",
                                   violation_error_message=_("A score is between 0 and 100.")),
        ]

    def __str__(self):
        return "%s %s" % (self.nomination.person, self.score)

    def get_absolute_url(self):
        return reverse("appointments:examresult_detail", args=[self.pk])


class OathKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class Oath(models.Model):
    """The constitutional oath (宪法宣誓) taken by appointees after the vote."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=OathKind.choices)
    leader = models.CharField(_("leading the oath"), max_length=50, blank=True,
                              help_text=_("For a group oath: who leads it."))
    nominations = models.ManyToManyField(Nomination, verbose_name=_("appointees"), related_name="oaths")

    history = HistoricalRecords(m2m_fields=[nominations])

    class Meta:
        verbose_name = _("oath")
        verbose_name_plural = _("oaths")
        ordering = ["-date"]
        constraints = [models.CheckConstraint(condition=~Q(kind="group") | ~Q(leader=""), name="oath_group_has_leader",
                                              violation_error_message=_("A group oath has someone leading it."))]

    def __str__(self):
        return "%s %s" % (self.date.isoformat(), self.get_kind_display())

    def get_absolute_url(self):
        return reverse("appointments:oath_detail", args=[self.pk])
