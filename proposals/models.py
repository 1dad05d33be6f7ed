"""Deputies' proposals (代表建议/议案): submission numbered per session, registration, assignment to
handling units with deadlines, replies classed A–D, the deputy's evaluation and re-handling."""

from django.conf import settings
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Congress, Organization, Session


class ProposalRules(models.Model):
    """Every number of the workflow, per congress (defaults as in the rules most congresses use)."""

    congress = models.OneToOneField(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="proposal_rules"
    )
    reply_months = models.PositiveSmallIntegerField(_("months to reply"), default=3)
    max_months = models.PositiveSmallIntegerField(_("months at most with extension"), default=6)
    rehandle_months = models.PositiveSmallIntegerField(_("months to re-handle"), default=1)
    reassign_days = models.PositiveSmallIntegerField(_("days to ask for reassignment"), default=10)
    motion_cosigners = models.PositiveSmallIntegerField(_("co-signers needed for a motion (议案)"), default=10)
    assist_months = models.PositiveSmallIntegerField(_("months for an assisting unit's opinion"), default=1)
    remind_days = models.CharField(
        _("remind this many days before a deadline"),
        max_length=50,
        default="15,7,1",
        validators=[validate_comma_separated_integer_list],
    )
    overdue_after_days = models.PositiveSmallIntegerField(_("overdue notice this many days after"), default=1)
    serious_after_days = models.PositiveSmallIntegerField(_("seriously overdue this many days after"), default=30)
    attachment_max_mb = models.PositiveSmallIntegerField(_("largest attachment (MB)"), default=20)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal rules")
        verbose_name_plural = _("proposal rules")
        constraints = [
            models.CheckConstraint(condition=Q(max_months__gte=F("reply_months")), name="rules_max_at_least_reply"),
            models.CheckConstraint(
                condition=Q(serious_after_days__gt=F("overdue_after_days")), name="rules_serious_after_overdue"
            ),
        ]

    def __str__(self):
        return str(self.congress)

    @property
    def remind_before(self) -> tuple[int, ...]:
        return tuple(sorted({int(d) for d in self.remind_days.split(",") if d.strip()}, reverse=True))


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion (建议)")
    MOTION = "motion", _("Motion (议案)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered (kept as a letter)")
    MERGED = "merged", _("Merged into another (并案)")
    ASSIGNED = "assigned", _("Assigned to units")
    REPLIED = "replied", _("Replied")
    FOLLOW_UP = "follow_up", _("Replied; followed up until solved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the deputy before submission")


# The only moves a proposal can make; every service checks its move here.
MOVES = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.REGISTERED, Status.NOT_REGISTERED, Status.MERGED},
    Status.REGISTERED: {Status.ASSIGNED, Status.MERGED},
    Status.ASSIGNED: {Status.REPLIED},
    Status.REPLIED: {Status.CLOSED, Status.FOLLOW_UP, Status.ASSIGNED},  # unsatisfied: re-handled
    Status.FOLLOW_UP: {Status.CLOSED},
}
# Never submitted: no number, private to the author, counted nowhere.
UNSUBMITTED = [Status.DRAFT, Status.WITHDRAWN]
OPEN_STATUSES = [Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.REPLIED, Status.FOLLOW_UP]


class SessionCounter(models.Model):
    """The last number given in a session; locked while the next is taken, so numbers have no gaps."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="proposal_counter")
    last = models.PositiveIntegerField(default=0)


class Category(models.Model):
    """A proposal's subject area (类别), a list staff keep: an inactive one stays on the proposals that
    have it but is no longer offered."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("proposals:category_detail", args=[self.pk])


class Proposal(models.Model):
    transition_fields = ("status", "number", "not_registered_reason", "merged_into", "published", "submitted_on")

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="proposals"
    )
    content = models.TextField(_("content"))
    lead = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("lead deputy"), on_delete=models.PROTECT, related_name="proposals"
    )
    cosigners = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("co-signers"),
        blank=True,
        through="Cosignature",
        related_name="cosigned_proposals",
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    not_registered_reason = models.CharField(_("why not registered"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    key_supervision = models.BooleanField(_("key supervision (重点督办)"), default=False)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_proposals",
    )
    published = models.BooleanField(_("published"), default=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["session", "number", "pk"]
        indexes = [
            models.Index(fields=["status", "session"], name="proposal_status_session"),
            # the staff list filtered by status, newest first (keyset pages on id)
            models.Index(fields=["status", "id"], name="proposal_status_id"),
            # the year's statistics and the annual report read one year's slice by this date
            models.Index(fields=["submitted_on"], name="proposal_submitted_on"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_number_unique_in_session"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="proposal_status_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(number__isnull=False),
                name="proposal_numbered_when_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_registered") | ~Q(not_registered_reason=""),
                name="proposal_not_registered_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="proposal_merged_has_target",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="proposal_not_merged_into_itself"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="proposal_kind_valid"),
        ]

    def __str__(self):
        return ("第%d号 %s" % (self.number, self.title)) if self.number else self.title

    @property
    def label(self) -> str:
        """The proposal named with its session, as in a notice: numbers start again at every session
        (十九届三次会议第1号 …). Reads ``session.term``."""
        if not self.number:
            return self.title
        return _("%(session)s No. %(number)s %(title)s") % {
            "session": self.session.short_name,
            "number": self.number,
            "title": self.title,
        }

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
        constraints = [models.CheckConstraint(condition=Q(new__in=Status.values), name="status_change_valid")]

    @property
    def old_label(self):
        return Status(self.old).label

    @property
    def new_label(self):
        return Status(self.new).label


class Cosignature(models.Model):
    """A deputy named as co-signer; counted only once they confirm."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosignatures")
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("co-signer"), on_delete=models.PROTECT, related_name="cosignatures"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="cosign_once")]

    def __str__(self):
        return "%s · %s" % (self.proposal, self.deputy)


def attachment_path(instance, filename):
    import uuid

    return "proposals/%s/%s" % (timezone.now().strftime("%Y/%m"), uuid.uuid4().hex)


class Attachment(models.Model):
    """A file of a proposal or a signed reply letter, stored under MEDIA_ROOT (never served directly)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_reply_letter = models.BooleanField(_("signed reply letter"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("proposals:attachment", args=[self.pk])


class Role(models.TextChoices):
    LEAD = "lead", _("Lead unit (主办)")
    ASSIST = "assist", _("Assisting unit (协办)")
    JOINT = "joint", _("Joint unit (会办)")


class Assignment(models.Model):
    transition_fields = ("deadline", "replied_on", "round", "withdrawn_on")  # proposal_assign, reply_submit, …

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"), db_index=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    opinion = models.TextField(_("opinion to the lead unit"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on (reassigned)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=Q(replied_on__isnull=True, withdrawn_on__isnull=True),
                name="assignment_open_deadline",
            ),
            models.Index(
                # the unit's list pages by (deadline, id) keyset: an index range, any page deep
                fields=["unit", "deadline", "id"],
                condition=Q(replied_on__isnull=True, withdrawn_on__isnull=True),
                name="assignment_open_unit_deadline",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"],
                condition=Q(withdrawn_on__isnull=True),
                name="assignment_once_per_unit_round",
            ),
            models.UniqueConstraint(
                fields=["proposal", "round"],
                condition=Q(role="lead", withdrawn_on__isnull=True),
                name="one_lead_unit_per_round",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="assignment_role_valid"),
            models.CheckConstraint(condition=Q(deadline__gte=F("assigned_on")), name="assignment_deadline_after_start"),
        ]

    @property
    def is_open(self):
        return self.replied_on is None and self.withdrawn_on is None

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
    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="reply"
    )
    cls = models.CharField(_("class"), max_length=1, choices=ReplyClass.choices)
    text = models.TextField(_("reply"))
    replied_on = models.DateField(_("replied on"))
    letter = models.OneToOneField(
        Attachment,
        verbose_name=_("signed reply letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reply",
    )

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
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="evaluations"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    result = models.CharField(_("evaluation"), max_length=12, choices=Satisfaction.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    # The day the deputy evaluated: the annual report counts an evaluation in the year it was given,
    # so a later one never moves a past year's satisfaction rate.
    on = models.DateField(_("evaluated on"), default=timezone.localdate, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="one_evaluation_per_round"),
            models.CheckConstraint(condition=Q(result__in=Satisfaction.values), name="evaluation_valid"),
        ]


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for staff")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A lead unit's request to move its deadline, at most to the congress's limit after assignment."""

    transition_fields = ("status", "decided_by")  # extension_decide

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="extensions"
    )
    new_deadline = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(status="pending"), name="one_pending_extension"),
            models.CheckConstraint(condition=Q(status__in=Decision.values), name="extension_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_reason=""), name="extension_refusal_has_reason"
            ),
        ]


class Reassignment(models.Model):
    """A unit's request, within the congress's window, to hand an assignment to another unit."""

    transition_fields = ("status", "decided_by")  # reassignment_decide

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="reassignments"
    )
    reason = models.CharField(_("reason"), max_length=500)
    suggested_unit = models.ForeignKey(
        Organization,
        verbose_name=_("suggested unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)
    new_assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="reassigned_from"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reassignment request")
        verbose_name_plural = _("reassignment requests")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="pending"), name="one_pending_reassignment"
            ),
            models.CheckConstraint(condition=Q(status__in=Decision.values), name="reassignment_status_valid"),
        ]


class FollowUp(models.Model):
    """Progress on a B or C reply, reported by the lead unit until the matter is solved."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    unit = models.ForeignKey(Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"))
    solved = models.BooleanField(_("solved"), default=False)
    on = models.DateField(_("date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal"], condition=Q(solved=True), name="solved_once")]


class SupervisionVisit(models.Model):
    """A leader's visit to a unit handling a key-supervision proposal (督办)."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="visits")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("date"))
    notes = models.TextField(_("what was found and asked"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["on", "pk"]
