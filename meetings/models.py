"""Meetings and the portal's one voting engine.

A Poll belongs to an agenda item. Who may vote is frozen when the chair opens it (PollVoter). Who has
voted (VoteRecord, one row per voter: a unique constraint) is kept apart from what was chosen (Ballot
with a random key, its choices in one JSON column, no voter for a secret poll, no time and no
sequence). While a secret poll is open its choices are not in PostgreSQL at all: they wait in Redis
under random keys and are written into Ballot in one shuffled insert when the poll closes (see
``services.ballot_cast`` and meetings/README.md, "Secret ballots"). Results, quorum, ranks, ties at
the cut and pass/fail are computed from the ballots, the paper counts, the poll's rule and a recorded
tie decision (PollTieBreak).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Organization, Session


class MeetingType(models.TextChoices):
    CONGRESS = "congress", _("Congress session")
    STANDING = "standing", _("Standing-committee meeting")
    CHAIRPERSONS = "chairs", _("Chairpersons' meeting")
    PARTY_GROUP = "party", _("Party-group meeting")
    CENTRAL_STUDY = "study", _("Central-group study session")
    THEMED_STUDY = "themed", _("Themed study session")
    EXCHANGE = "exchange", _("Study exchange")
    GROUP = "group", _("Deputy-group activity")
    DIALOGUE = "dialogue", _("Bureau-chief–deputy dialogue")
    FORUM = "forum", _("Forum")
    DELEGATION = "delegation", _("Visiting delegation received")


class Meeting(models.Model):
    type = models.CharField(_("type"), max_length=12, choices=MeetingType.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    convener = models.CharField(_("convener"), max_length=100, blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name=_("congress session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    opened_at = models.DateTimeField(
        _("opened at"), null=True, blank=True, help_text=_("When the expected members were frozen.")
    )
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["type", "date"], name="meeting_type_date_idx")]
        constraints = [models.CheckConstraint(condition=Q(type__in=MeetingType.values), name="meeting_type_valid")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])


class ItemKind(models.TextChoices):
    HEARD = "heard", _("Report heard (听取)")
    REVIEWED = "reviewed", _("Report reviewed (审议)")
    BUDGET = "budget", _("Budget adjustment or final accounts reviewed (预算调整/决算审查)")
    DECISION = "decision", _("Decision or resolution (决定/决议)")
    APPOINTMENT = "appointment", _("Appointments and removals")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("reporting organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    text = models.TextField(_("text adopted"), blank=True, help_text=_("A decision's or resolution's text."))
    opinions = models.TextField(
        _("review opinions"), blank=True, help_text=_("The members' review opinions on a report reviewed (审议意见).")
    )
    # The record the item concerns (a nomination, a project slate, an oversight report), in any app.
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    concerns = GenericForeignKey("content_type", "object_id")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="agendaitem_concerns_idx")]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="agendaitem_kind_valid")]

    def __str__(self):
        return "%s · %s" % (self.meeting, self.title)

    def get_absolute_url(self):
        return reverse("meetings:agendaitem_detail", args=[self.pk])


class Presence(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On approved leave")


class Attendance(models.Model):
    """One person at one meeting: a member expected (frozen when the meeting opens), or a non-voting
    attendee (列席: deputies and officials, counted in person-times)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(
        _("name (without an account)"),
        max_length=100,
        blank=True,
        help_text=_("For an official attending without vote who has no account."),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, default=Presence.EXPECTED)
    non_voting = models.BooleanField(_("attends without vote (列席)"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(presence__in=Presence.values), name="attendance_presence_valid"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="attendance_someone"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(non_voting=True), name="attendance_voter_has_account"
            ),
        ]

    def __str__(self):
        return "%s @ %s" % (self.person_name, self.meeting)

    def get_absolute_url(self):
        return reverse("meetings:attendance_detail", args=[self.pk])

    @property
    def person_name(self):
        return self.user.display_name if self.user_id else self.name


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class LeaveRequest(models.Model):
    transition_fields = ("status", "decided_by")  # leave_decide

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="leave_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="leave_once_per_meeting"),
            models.CheckConstraint(condition=Q(status__in=LeaveStatus.values), name="leave_status_valid"),
        ]

    def __str__(self):
        return "%s %s" % (self.user, self.meeting)

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.meeting_id])


class PollKind(models.TextChoices):
    YES_NO = "yesno", _("For / against / abstain")
    CHOOSE = "choose", _("Choose up to N options")
    SLATE = "slate", _("For / against / abstain on each option")
    RATING = "rating", _("Satisfied / basically satisfied / unsatisfied on each option")


class PollMode(models.TextChoices):
    NAMED = "named", _("Named (记名)")
    SECRET = "secret", _("Secret (无记名)")


class MajorityRule(models.TextChoices):
    """What the votes for are compared with. The base of the two 'all' rules is frozen when the poll
    opens (or given when it is created); 'present' is the voters entitled at opening; 'valid' is the
    valid votes on the option (for + against + abstain; for a choose-up-to-N poll the ballots)."""

    ALL_MEMBERS = "all", _("Of all members")
    ALL_DEPUTIES = "deputies", _("Of all deputies")
    PRESENT = "present", _("Of those present")
    VALID = "valid", _("Of the valid votes")


class Threshold(models.TextChoices):
    HALF = "half", _("More than half (过半数)")
    TWO_THIRDS = "2/3", _("Two-thirds or more (三分之二以上)")


class Electorate(models.TextChoices):
    """Who is entitled to vote, frozen into PollVoter rows when the poll opens."""

    PRESENT = "present", _("Members present when the poll opens")
    # Retired: once meant "everyone expected and not on leave", which counted members never marked
    # present. Kept so old rows stay valid; it now means exactly PRESENT.
    EXPECTED = "expected", _("Members present when the poll opens (formerly: expected)")
    NAMED = "named", _("The voters named when the poll was created")


class PollStatus(models.TextChoices):
    CREATED = "created", _("Created")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


class Poll(models.Model):
    transition_fields = ("status", "base", "present")  # poll_open, poll_close, poll_publish

    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=PollKind.choices, default=PollKind.YES_NO)
    mode = models.CharField(_("mode"), max_length=8, choices=PollMode.choices, default=PollMode.NAMED)
    rule = models.CharField(
        _("majority rule"), max_length=8, choices=MajorityRule.choices, default=MajorityRule.ALL_MEMBERS
    )
    threshold = models.CharField(_("threshold"), max_length=4, choices=Threshold.choices, default=Threshold.HALF)
    electorate = models.CharField(
        _("who may vote"), max_length=8, choices=Electorate.choices, default=Electorate.PRESENT
    )
    base_given = models.PositiveIntegerField(
        _("base given"),
        null=True,
        blank=True,
        help_text=_("All members or all deputies by law; empty: counted when the poll opens."),
    )
    base = models.PositiveIntegerField(
        _("base"), null=True, blank=True, help_text=_("All entitled (e.g. all members), frozen when the poll opens.")
    )
    present = models.PositiveIntegerField(_("present when opened"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most N choices"), default=1)
    places = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("At most this many options are adopted, ranked by votes for; empty: every option that passes."),
    )
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.CREATED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PollStatus.values), name="poll_status_valid"),
            models.CheckConstraint(condition=Q(rule__in=MajorityRule.values), name="poll_rule_valid"),
            models.CheckConstraint(condition=Q(threshold__in=Threshold.values), name="poll_threshold_valid"),
            models.CheckConstraint(condition=Q(electorate__in=Electorate.values), name="poll_electorate_valid"),
            models.CheckConstraint(condition=Q(kind__in=PollKind.values), name="poll_kind_valid"),
            models.CheckConstraint(condition=Q(mode__in=PollMode.values), name="poll_mode_valid"),
            models.CheckConstraint(
                condition=Q(status="created") | Q(base__isnull=False), name="poll_base_frozen_when_open"
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="poll_max_choices_positive"),
            models.CheckConstraint(condition=Q(places__isnull=True) | Q(places__gte=1), name="poll_places_positive"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("meetings:poll", args=[self.pk])

    @property
    def secret(self) -> bool:
        return self.mode == PollMode.SECRET

    def value_choices(self) -> list[tuple[str, str]]:
        """Return the (stored value, label) pairs a voter chooses from on each option, in display order:
        for/against/abstain, or for a rating poll (满意度测评) satisfied / basically satisfied /
        unsatisfied, stored as Y / A / N so the tally and the paper counts stay one format."""
        if self.kind == PollKind.RATING:
            return [
                (Value.FOR, _("Satisfied")),
                (Value.ABSTAIN, _("Basically satisfied")),
                (Value.AGAINST, _("Unsatisfied")),
            ]
        if self.kind == PollKind.CHOOSE:
            return [(Value.FOR, Value.FOR.label)]
        return list(Value.choices)

    def passes(self, votes_for: int, base: int) -> bool:
        """Return whether ``votes_for`` meets the threshold against ``base``."""
        if base <= 0:
            return False
        if self.threshold == Threshold.TWO_THIRDS:
            return votes_for * 3 >= base * 2
        return votes_for * 2 > base


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["poll", "order", "pk"]

    def __str__(self):
        return self.label


class PollTieBreak(models.Model):
    """How a tie at the cut (the last places of a ranked poll) was settled after the close: the tied
    options in the order decided (e.g. by a second round or by lot), why, by whom and when. One per
    poll (a constraint); ranks and pass/fail follow it."""

    transition_fields = ("order", "reason", "decided_by")  # poll_break_tie, once

    poll = models.OneToOneField(Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="tie_break")
    order = models.JSONField(_("order decided"), default=list)  # [option id, ...]: the tied options, best first
    reason = models.CharField(_("how the tie was settled"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tie decision")
        verbose_name_plural = _("tie decisions")

    def __str__(self):
        return "%s · %s" % (self.poll, self.reason[:50])

    def get_absolute_url(self):
        return reverse("meetings:poll", args=[self.poll_id])


class PollNominee(models.Model):
    """A voter named when the poll was created (electorate 'named'), copied to PollVoter at opening."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="nominees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="pollnominee_once")]


class PollVoter(models.Model):
    """Entitled to vote in a poll: frozen when it opens."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="pollvoter_once")]


class VoteRecord(models.Model):
    """That a voter has voted (electronically or on paper): never what they chose, and no time.
    The actor is the voter, or the teller who marked a paper ballot (entered_by)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="vote_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_ballot_per_voter")]


class Value(models.TextChoices):
    FOR = "Y", _("For")
    AGAINST = "N", _("Against")
    ABSTAIN = "A", _("Abstain")


class Ballot(models.Model):
    """What was chosen: {option id: 'Y'/'N'/'A'}. A random key, no time, no sequence; the voter only
    for a named poll. Deliberately without history (a history row would name the writer)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    choices = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=Q(voter__isnull=False), name="one_named_ballot_per_voter"
            )
        ]


class PaperCount(models.Model):
    """Counted paper ballots entered by a teller for a mixed session: totals per option, added to the
    tally. The voters who voted on paper are marked in VoteRecord (paper=True) in the same write."""

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="paper_counts")
    ballots = models.PositiveIntegerField(_("paper ballots"))
    counts = models.JSONField(_("counts"), default=dict)  # {option id: {"Y": n, "N": n, "A": n}}
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")

    def __str__(self):
        return "%s · %s" % (self.poll, self.ballots)
