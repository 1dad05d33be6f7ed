"""Meetings and the portal's one voting engine.

A Poll belongs to an agenda item. Who may vote is frozen when the chair opens it (PollVoter). Who has
voted (VoteRecord, one row per voter: a unique constraint) is kept apart from what was chosen (Ballot
with a random key, no voter for a secret poll and no time), so a secret ballot cannot be joined back
to its voter. Results, quorum and pass/fail are computed from the ballots and the poll's rule.
"""

import uuid

from django.conf import settings
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
    session = models.ForeignKey(Session, verbose_name=_("congress session"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="meetings")
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True,
                                     help_text=_("When the expected members were frozen."))
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
    DECISION = "decision", _("Decision or resolution (决定/决议)")
    APPOINTMENT = "appointment", _("Appointments and removals")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    organization = models.ForeignKey(Organization, verbose_name=_("reporting organization"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="agenda_items")
    text = models.TextField(_("text adopted"), blank=True, help_text=_("A decision's or resolution's text."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
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
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
                             related_name="attendance")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, default=Presence.EXPECTED)
    non_voting = models.BooleanField(_("attends without vote (列席)"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(presence__in=Presence.values), name="attendance_presence_valid"),
        ]

    def __str__(self):
        return "%s @ %s" % (self.user, self.meeting)


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class LeaveRequest(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="leave_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                             related_name="leave_requests")
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

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


class PollKind(models.TextChoices):
    YES_NO = "yesno", _("For / against / abstain")
    CHOOSE = "choose", _("Choose up to N options")
    SLATE = "slate", _("For / against / abstain on each option")


class PollMode(models.TextChoices):
    NAMED = "named", _("Named (记名)")
    SECRET = "secret", _("Secret (无记名)")


class MajorityRule(models.TextChoices):
    ALL_MEMBERS = "all", _("More than half of all entitled")
    PRESENT = "present", _("More than half of those present")
    VALID = "valid", _("More than half of the valid votes")


class PollStatus(models.TextChoices):
    CREATED = "created", _("Created")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


class Poll(models.Model):
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=PollKind.choices, default=PollKind.YES_NO)
    mode = models.CharField(_("mode"), max_length=8, choices=PollMode.choices, default=PollMode.NAMED)
    rule = models.CharField(_("majority rule"), max_length=8, choices=MajorityRule.choices,
                            default=MajorityRule.ALL_MEMBERS)
    base = models.PositiveIntegerField(_("base"), null=True, blank=True,
                                       help_text=_("All entitled (e.g. all members), frozen when the poll opens."))
    present = models.PositiveIntegerField(_("present when opened"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most N choices"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.CREATED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PollStatus.values), name="poll_status_valid"),
            models.CheckConstraint(condition=Q(status="created") | Q(base__isnull=False), name="poll_base_frozen_when_open"),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="poll_max_choices_positive"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("meetings:poll", args=[self.pk])


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["poll", "order", "pk"]

    def __str__(self):
        return self.label


class PollVoter(models.Model):
    """Entitled to vote in a poll: frozen when it opens."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="pollvoter_once")]


class VoteRecord(models.Model):
    """That a voter has voted (electronically or on paper): never what they chose."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="vote_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_ballot_per_voter")]


class Value(models.TextChoices):
    FOR = "Y", _("For")
    AGAINST = "N", _("Against")
    ABSTAIN = "A", _("Abstain")


class Ballot(models.Model):
    """What was chosen. A random key and no time; the voter only for a named poll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], condition=Q(voter__isnull=False),
                                               name="one_named_ballot_per_voter")]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=1, choices=Value.choices, default=Value.FOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="one_choice_per_option"),
            models.CheckConstraint(condition=Q(value__in=Value.values), name="ballotchoice_value_valid"),
        ]
