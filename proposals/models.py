"""Deputies' proposals (代表建议/议案): submission numbered per session, registration, assignment to
handling units with deadlines, replies classed A–D, the deputy's evaluation and re-handling."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Congress, Organization, Session


class ProposalRules(models.Model):
    """Every number of the workflow, per congress (defaults as in the rules most congresses use)."""

    congress = models.OneToOneField(Congress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                    related_name="proposal_rules")
    reply_months = models.PositiveSmallIntegerField(_("months to reply"), default=3)
    max_months = models.PositiveSmallIntegerField(_("months at most with extension"), default=6)
    rehandle_months = models.PositiveSmallIntegerField(_("months to re-handle"), default=1)
    reassign_days = models.PositiveSmallIntegerField(_("days to ask for reassignment"), default=10)
    motion_cosigners = models.PositiveSmallIntegerField(_("co-signers needed for a motion (议案)"), default=10)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal rules")
        verbose_name_plural = _("proposal rules")

    def __str__(self):
        return str(self.congress)


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion (建议)")
    MOTION = "motion", _("Motion (议案)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered (kept as a letter)")
    ASSIGNED = "assigned", _("Assigned to units")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


MOVES = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.REGISTERED, Status.NOT_REGISTERED},
    Status.REGISTERED: {Status.ASSIGNED},
    Status.ASSIGNED: {Status.REPLIED},
    Status.REPLIED: {Status.CLOSED, Status.ASSIGNED},  # unsatisfied: re-handled
}


class SessionCounter(models.Model):
    """The last number given in a session; locked while the next is taken, so numbers have no gaps."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="proposal_counter")
    last = models.PositiveIntegerField(default=0)


class Proposal(models.Model):
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=50)
    content = models.TextField(_("content"))
    lead = models.ForeignKey("deputies.Deputy", verbose_name=_("lead deputy"), on_delete=models.PROTECT,
                             related_name="proposals")
    cosigners = models.ManyToManyField("deputies.Deputy", verbose_name=_("co-signers"), blank=True,
                                       related_name="cosigned_proposals")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    not_registered_reason = models.CharField(_("why not registered"), max_length=300, blank=True)
    key_supervision = models.BooleanField(_("key supervision (重点督办)"), default=False)
    published = models.BooleanField(_("published"), default=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[cosigners])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["session", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_number_unique_in_session"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="proposal_status_valid"),
            models.CheckConstraint(condition=Q(status="draft") | Q(number__isnull=False), name="proposal_numbered_when_submitted"),
            models.CheckConstraint(condition=~Q(status="not_registered") | ~Q(not_registered_reason=""),
                                   name="proposal_not_registered_has_reason"),
        ]

    def __str__(self):
        return ("第%d号 %s" % (self.number, self.title)) if self.number else self.title

    def get_absolute_url(self):
        return reverse("proposals:proposal", args=[self.pk])


class StatusChange(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="changes")
    old = models.CharField(max_length=15)
    new = models.CharField(max_length=15)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    @property
    def old_label(self):
        return Status(self.old).label

    @property
    def new_label(self):
        return Status(self.new).label


class Role(models.TextChoices):
    LEAD = "lead", _("Lead unit (主办)")
    ASSIST = "assist", _("Assisting unit (协办)")


class Assignment(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Organization, verbose_name=_("handling unit"), on_delete=models.PROTECT,
                             related_name="assignments")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"), db_index=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline"], condition=Q(replied_on__isnull=True), name="assignment_open_deadline")]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit", "round"], name="assignment_once_per_unit_round"),
            models.UniqueConstraint(fields=["proposal", "round"], condition=Q(role="lead"), name="one_lead_unit_per_round"),
        ]

    def __str__(self):
        return "%s → %s" % (self.proposal, self.unit)

    def get_absolute_url(self):
        return reverse("proposals:proposal", args=[self.proposal_id])


class ReplyClass(models.TextChoices):
    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: to be solved later")
    D = "D", _("D: kept for reference")


class Reply(models.Model):
    assignment = models.OneToOneField(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="reply")
    cls = models.CharField(_("class"), max_length=1, choices=ReplyClass.choices)
    text = models.TextField(_("reply"))
    replied_on = models.DateField(_("replied on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.CheckConstraint(condition=Q(cls__in=ReplyClass.values), name="reply_class_valid")]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Evaluation(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="evaluations")
    round = models.PositiveSmallIntegerField(_("round"))
    result = models.CharField(_("evaluation"), max_length=12, choices=Satisfaction.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="one_evaluation_per_round")]
