"""Meeting and poll transitions, one service each. Other apps create and read polls through
``poll_create`` and ``poll_result``; nothing else writes ballots."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import Role, User
from meetings.models import (
    AgendaItem, Attendance, Ballot, BallotChoice, LeaveRequest, LeaveStatus, MajorityRule, Meeting, MeetingType,
    Poll, PollKind, PollMode, PollOption, PollStatus, PollVoter, Presence, Value, VoteRecord,
)


class MeetingError(Exception):
    """A rule refused the change; the message says why (translated)."""


class AlreadyVoted(MeetingError):
    pass


POLL_MOVES = {PollStatus.CREATED: PollStatus.OPEN, PollStatus.OPEN: PollStatus.CLOSED,
              PollStatus.CLOSED: PollStatus.PUBLISHED}


def _members_for(meeting: Meeting):
    role = Role.DEPUTY if meeting.type == MeetingType.CONGRESS else Role.MEMBER
    return User.objects.filter(groups__name=role, is_active=True).distinct()


@transaction.atomic
def meeting_open(*, meeting_id: int, actor: User) -> Meeting:
    """Freeze the expected members (standing-committee members; deputies for a congress session)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.opened_at:
        raise MeetingError(_("The meeting is already open."))
    approved = set(meeting.leave_requests.filter(status=LeaveStatus.APPROVED).values_list("user_id", flat=True))
    existing = set(meeting.attendance.values_list("user_id", flat=True))
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, user=u, presence=Presence.LEAVE if u.pk in approved else Presence.EXPECTED)
        for u in _members_for(meeting) if u.pk not in existing])
    meeting.opened_at = timezone.now()
    as_actor(meeting, actor)
    meeting.save(update_fields=["opened_at"])
    return meeting


@transaction.atomic
def attendance_mark(*, meeting_id: int, user_id: int, presence: str, actor: User) -> Attendance:
    row = Attendance.objects.select_for_update().get(meeting_id=meeting_id, user_id=user_id)
    if row.presence == Presence.LEAVE and presence != Presence.LEAVE:
        raise MeetingError(_("This member is on approved leave."))
    row.presence = presence
    as_actor(row, actor)
    row.save(update_fields=["presence"])
    return row


def quorum(meeting: Meeting) -> dict:
    """A meeting needs more than half of all expected members present."""
    rows = meeting.attendance.filter(non_voting=False)
    total = rows.count()
    present = rows.filter(presence=Presence.PRESENT).count()
    return {"members": total, "present": present, "quorate": total > 0 and present * 2 > total}


@transaction.atomic
def leave_request_file(*, meeting: Meeting, user: User, reason: str, today: dt.date | None = None) -> LeaveRequest:
    today = today or timezone.localdate()
    if today >= meeting.date:
        raise MeetingError(_("Leave must be asked for before the day of the meeting."))
    if not reason.strip():
        raise MeetingError(_("Give a reason."))
    if LeaveRequest.objects.filter(meeting=meeting, user=user).exists():  # the constraint settles races
        raise MeetingError(_("You have already asked for leave from this meeting."))
    try:
        with transaction.atomic():
            return LeaveRequest.objects.create(meeting=meeting, user=user, reason=reason)
    except IntegrityError:
        raise MeetingError(_("You have already asked for leave from this meeting.")) from None


@transaction.atomic
def leave_decide(*, request_id: int, approve: bool, actor: User) -> LeaveRequest:
    leave = LeaveRequest.objects.select_for_update().get(pk=request_id)
    if leave.status != LeaveStatus.PENDING:
        raise MeetingError(_("This request was already decided."))
    leave.status, leave.decided_by = (LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED), actor
    as_actor(leave, actor)
    leave.save(update_fields=["status", "decided_by"])
    if approve:
        Attendance.objects.filter(meeting_id=leave.meeting_id, user_id=leave.user_id).update(presence=Presence.LEAVE)
    return leave


@transaction.atomic
def poll_create(*, item: AgendaItem, question: str, kind: str = PollKind.YES_NO, mode: str = PollMode.NAMED,
                rule: str = MajorityRule.ALL_MEMBERS, options: list[str] | None = None, max_choices: int = 1,
                actor: User) -> Poll:
    """Create a poll on an agenda item. A yes/no poll has one implicit option (the motion); a
    'choose' poll lets each voter pick up to ``max_choices`` options; a 'slate' poll takes
    for/against/abstain on every option (e.g. livelihood-project candidates)."""
    options = [o.strip() for o in (options or []) if o.strip()]
    if kind == PollKind.YES_NO:
        options = [question]
    if not options:
        raise MeetingError(_("Give the options."))
    if kind == PollKind.CHOOSE and not 1 <= max_choices <= len(options):
        raise MeetingError(_("At most N must be between 1 and the number of options."))
    poll = Poll(item=item, question=question, kind=kind, mode=mode, rule=rule,
                max_choices=max_choices if kind == PollKind.CHOOSE else 1)
    poll.full_clean()
    as_actor(poll, actor)
    poll.save()
    PollOption.objects.bulk_create([PollOption(poll=poll, label=label, order=i) for i, label in enumerate(options)])
    return poll


@transaction.atomic
def poll_open(*, poll_id: int, actor: User) -> Poll:
    """Open the poll and freeze who may vote: the members present (or all expected if attendance is
    not kept). The base for 'all' is every expected member of the meeting, present or not."""
    poll = Poll.objects.select_for_update().select_related("item__meeting").get(pk=poll_id)
    if poll.status != PollStatus.CREATED:
        raise MeetingError(_("This poll has already been opened."))
    meeting = poll.item.meeting
    if not meeting.opened_at:
        meeting_open(meeting_id=meeting.pk, actor=actor)
    voting = meeting.attendance.filter(non_voting=False)
    present = voting.filter(presence=Presence.PRESENT)
    entitled = present if present.exists() else voting.exclude(presence=Presence.LEAVE)
    PollVoter.objects.bulk_create([PollVoter(poll=poll, user_id=uid) for uid in entitled.values_list("user_id", flat=True)])
    poll.base, poll.present, poll.status = voting.count(), entitled.count(), PollStatus.OPEN
    as_actor(poll, actor)
    poll.save(update_fields=["base", "present", "status"])
    return poll


def _move(poll_id: int, to: str, actor: User) -> Poll:
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll_id)
        if POLL_MOVES.get(poll.status) != to:
            raise MeetingError(_("A poll that is “%(from)s” cannot become “%(to)s”.") % {
                "from": poll.get_status_display(), "to": PollStatus(to).label})
        poll.status = to
        as_actor(poll, actor)
        poll.save(update_fields=["status"])
        return poll


def poll_close(*, poll_id: int, actor: User) -> Poll:
    return _move(poll_id, PollStatus.CLOSED, actor)


def poll_publish(*, poll_id: int, actor: User) -> Poll:
    return _move(poll_id, PollStatus.PUBLISHED, actor)


def ballot_cast(*, poll_id: int, voter: User, choices: dict[int, str], paper: bool = False) -> None:
    """Cast one ballot. ``choices``: option id → 'Y'/'N'/'A' (for a 'choose' poll only 'Y', at most N).

    The one-ballot rule is the database's: a second VoteRecord for the voter fails its unique
    constraint and the whole ballot is rolled back ("已投票"), whatever the tab, device or timing.
    """
    with transaction.atomic():
        poll = Poll.objects.select_for_update(of=("self",)).get(pk=poll_id)  # serialises against close
        if poll.status != PollStatus.OPEN:
            raise MeetingError(_("This poll is not open."))
        if not PollVoter.objects.filter(poll=poll, user=voter).exists():
            raise MeetingError(_("You are not entitled to vote in this poll."))
        options = set(poll.options.values_list("pk", flat=True))
        if not choices or not set(choices) <= options or not set(choices.values()) <= set(Value.values):
            raise MeetingError(_("Choose among the poll's options."))
        if poll.kind == PollKind.CHOOSE:
            if set(choices.values()) != {Value.FOR} or len(choices) > poll.max_choices:
                raise MeetingError(_("Choose at most %(n)d.") % {"n": poll.max_choices})
        elif set(choices) != options:
            raise MeetingError(_("Give a vote on every option."))
        try:
            with transaction.atomic():
                VoteRecord.objects.create(poll=poll, user=voter, paper=paper)
        except IntegrityError:
            raise AlreadyVoted(_("已投票")) from None
        ballot = Ballot.objects.create(poll=poll, voter=voter if poll.mode == PollMode.NAMED else None)
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, option_id=o, value=v) for o, v in choices.items()])


def poll_result(poll: Poll) -> dict:
    """Tally the ballots and apply the rule. Returns per-option counts, turnout and pass/fail."""
    from django.db.models import Count, Q

    counts = {row["option"]: row for row in BallotChoice.objects.filter(ballot__poll=poll).values("option").annotate(
        y=Count("pk", filter=Q(value=Value.FOR)), n=Count("pk", filter=Q(value=Value.AGAINST)),
        a=Count("pk", filter=Q(value=Value.ABSTAIN)))}
    voted = VoteRecord.objects.filter(poll=poll).count()
    rows = []
    for option in poll.options.all():
        c = counts.get(option.pk, {"y": 0, "n": 0, "a": 0})
        base = {MajorityRule.ALL_MEMBERS: poll.base or 0, MajorityRule.PRESENT: poll.present or 0,
                MajorityRule.VALID: c["y"] + c["n"] + c["a"] if poll.kind != PollKind.CHOOSE else voted}[poll.rule]
        rows.append({"option": option, "for": c["y"], "against": c["n"], "abstain": c["a"],
                     "passed": base > 0 and c["y"] * 2 > base, "base": base})
    return {"poll": poll, "rows": rows, "voted": voted, "entitled": poll.voters.count()}
