"""Meeting and poll transitions, one service each. Other apps create and read polls through
``poll_create`` and ``poll_result``; nothing else writes ballots.

Poll lifecycle: created → open → closed → published (``poll_open``, ``poll_close``, ``poll_publish``;
ballots through ``ballot_cast`` and ``paper_ballots_enter`` while open). Each transition locks the poll
row, checks the move against ``POLL_MOVES`` and refuses an illegal one with a translated MeetingError.
"""

import contextlib
import datetime as dt
import json
import logging
import random
import secrets
from collections.abc import Callable, Iterable

import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import AuditAction, AuditEntry, Role, User
from congress.services import notify
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Electorate,
    LeaveRequest,
    LeaveStatus,
    MajorityRule,
    Meeting,
    MeetingType,
    PaperCount,
    Poll,
    PollKind,
    PollMode,
    PollNominee,
    PollOption,
    PollStatus,
    PollTieBreak,
    PollVoter,
    Presence,
    Threshold,
    Value,
    VoteRecord,
)

log = logging.getLogger(__name__)


class MeetingError(Exception):
    """A rule refused the change; the message says why (translated)."""


class AlreadyVoted(MeetingError):
    pass


POLL_MOVES = {
    PollStatus.CREATED: PollStatus.OPEN,
    PollStatus.OPEN: PollStatus.CLOSED,
    PollStatus.CLOSED: PollStatus.PUBLISHED,
}


def _audit(obj, actor: User | None, changes: list[dict], action: str = AuditAction.UPDATE) -> None:
    """Append an audit line for a write that has no history table of its own."""
    AuditEntry.objects.create(
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
    )


# --- meetings, attendance, leave -----------------------------------------------------------------


def _members_for(meeting: Meeting):
    """Return the members a meeting expects: for a congress session the deputies whose mandate of
    the session's congress is in force on the meeting's day (any congress's when the meeting has no
    session), never an account whose mandate ended; else the standing-committee members (role)."""
    if meeting.type == MeetingType.CONGRESS:
        from deputies.models import Deputy
        from deputies.selectors import in_office_on, mandate_holder_ids

        if meeting.session_id:
            holders = mandate_holder_ids(congress=meeting.session.term.congress, on=meeting.date)
        else:
            holders = (
                in_office_on(Deputy.objects.filter(user__isnull=False), meeting.date)
                .order_by()
                .values_list("user_id", flat=True)
            )
        return User.objects.filter(pk__in=holders, is_active=True)
    return User.objects.filter(groups__name=Role.MEMBER, is_active=True).distinct()


@transaction.atomic
def meeting_open(*, meeting_id: int, actor: User) -> Meeting:
    """Open the meeting: freeze the expected members (standing-committee members; deputies for a
    congress session), those with approved leave marked on leave. Refused when already open."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session__term").get(pk=meeting_id)
    if meeting.opened_at:
        raise MeetingError(_("The meeting is already open."))
    approved = set(meeting.leave_requests.filter(status=LeaveStatus.APPROVED).values_list("user_id", flat=True))
    existing = set(meeting.attendance.exclude(user=None).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, user_id=uid, presence=Presence.LEAVE if uid in approved else Presence.EXPECTED)
            for uid in _members_for(meeting).values_list("pk", flat=True)
            if uid not in existing
        ]
    )
    meeting.opened_at = timezone.now()
    as_actor(meeting, actor)
    meeting.save(update_fields=["opened_at"])
    return meeting


@transaction.atomic
def attendance_mark(*, meeting_id: int, user_id: int, presence: str, actor: User) -> Attendance:
    """Mark an expected member present or absent. A member on approved leave stays on leave."""
    if presence not in (Presence.PRESENT, Presence.ABSENT):
        raise MeetingError(_("That attendance change is not possible."))
    row = Attendance.objects.select_for_update().get(meeting_id=meeting_id, user_id=user_id)
    if row.presence == Presence.LEAVE:
        raise MeetingError(_("This member is on approved leave."))
    row.presence = presence
    as_actor(row, actor)
    row.save(update_fields=["presence"])
    return row


@transaction.atomic
def attendee_add(
    *, meeting_id: int, actor: User, user: User | None = None, name: str = "", position: str = ""
) -> Attendance:
    """Record a non-voting attendee (列席: a deputy or an official), present. Counted in person-times:
    one row per person and meeting; a second time for the same account is refused."""
    meeting = Meeting.objects.get(pk=meeting_id)
    name = name.strip()
    if user is None and not name:
        raise MeetingError(_("Name the person attending."))
    row = Attendance(
        meeting=meeting,
        user=user,
        name="" if user else name,
        position=position.strip(),
        presence=Presence.PRESENT,
        non_voting=True,
    )
    row.full_clean(validate_constraints=False)
    as_actor(row, actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise MeetingError(_("This person is already on the meeting's list.")) from None
    return row


def quorum(meeting: Meeting) -> dict:
    """Return the live quorum: more than half of all expected members present (non-voting excluded)."""
    counts = meeting.attendance.filter(non_voting=False).aggregate(
        members=Count("pk"),
        present=Count("pk", filter=Q(presence=Presence.PRESENT)),
        leave=Count("pk", filter=Q(presence=Presence.LEAVE)),
    )
    return {
        "members": counts["members"],
        "present": counts["present"],
        "leave": counts["leave"],
        "quorate": counts["members"] > 0 and counts["present"] * 2 > counts["members"],
    }


def missing(meeting: Meeting) -> dict:
    """Return the frozen members not marked present, for the chair: {'expected': [...], 'leave':
    [...], 'absent': [...], 'count': n} (attendance rows with their users, by name). One query."""
    rows = (
        meeting.attendance.filter(non_voting=False)
        .exclude(presence=Presence.PRESENT)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    found = {Presence.EXPECTED: [], Presence.LEAVE: [], Presence.ABSENT: []}
    for row in rows:
        found[row.presence].append(row)
    return {
        "expected": found[Presence.EXPECTED],
        "leave": found[Presence.LEAVE],
        "absent": found[Presence.ABSENT],
        "count": sum(len(v) for v in found.values()),
    }


@transaction.atomic
def leave_request_file(*, meeting: Meeting, user: User, reason: str, today: dt.date | None = None) -> LeaveRequest:
    """File a leave request before the day of the meeting (a late one is refused), once per meeting."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.get(pk=meeting.pk)
    if today >= meeting.date or meeting.opened_at:
        raise MeetingError(_("Leave must be asked for before the day of the meeting."))
    if not reason.strip():
        raise MeetingError(_("Give a reason."))
    if LeaveRequest.objects.filter(meeting=meeting, user=user).exists():  # the constraint settles races
        raise MeetingError(_("You have already asked for leave from this meeting."))
    leave = LeaveRequest(meeting=meeting, user=user, reason=reason.strip()[:300])
    as_actor(leave, user)
    try:
        with transaction.atomic():
            leave.save()
    except IntegrityError:
        raise MeetingError(_("You have already asked for leave from this meeting.")) from None
    return leave


@transaction.atomic
def leave_decide(*, request_id: int, approve: bool, actor: User) -> LeaveRequest:
    """Approve or refuse a pending leave request; approval marks the member on leave if already frozen."""
    leave = LeaveRequest.objects.select_for_update().get(pk=request_id)
    if leave.status != LeaveStatus.PENDING:
        raise MeetingError(_("This request was already decided."))
    leave.status, leave.decided_by = (LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED), actor
    as_actor(leave, actor)
    leave.save(update_fields=["status", "decided_by"])
    if approve:
        for row in Attendance.objects.filter(meeting_id=leave.meeting_id, user_id=leave.user_id):
            row.presence = Presence.LEAVE
            as_actor(row, actor)
            row.save(update_fields=["presence"])
    return leave


# --- polls -----------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    agenda_item: AgendaItem,
    question: str,
    kind: str = PollKind.YES_NO,
    options: Iterable[str] = (),
    mode: str = PollMode.NAMED,
    rule: str = MajorityRule.ALL_MEMBERS,
    base: int | None = None,
    electorate: str | Iterable[User] = Electorate.PRESENT,
    max_choices: int | None = None,
    threshold: str = Threshold.HALF,
    actor: User,
) -> Poll:
    """Create a poll (status 'created') on ``agenda_item``; this is the portal's one way to put a
    question to a vote, for every app.

    - ``kind``: 'yesno' (one implicit option, the question; for/against/abstain), 'choose' (each voter
      picks up to ``max_choices`` of ``options``) or 'slate' (for/against/abstain on every option, e.g.
      livelihood-project candidates or several appointees), or 'rating' (satisfied / basically
      satisfied / unsatisfied on every option, stored as 'Y'/'A'/'N': a satisfaction vote on
      projects or on appointees' performance; an option passes on satisfied + basically satisfied).
    - ``mode``: 'named' (记名: ballots keep the voter) or 'secret' (无记名: who voted and what was chosen
      are stored apart).
    - ``rule`` (what votes for are compared with): 'all' (all members), 'deputies' (all deputies),
      'present' (voters entitled at opening), 'valid' (valid votes on the option); ``threshold``
      'half' (more than half) or '2/3' (two-thirds or more).
    - ``base``: the number of all members / all deputies by law; None counts the members frozen when
      the meeting opened (for a congress session the deputies with a mandate in force that day).
    - ``electorate``: 'present' (members marked present when it opens; 'expected' is retired and
      means the same), or an iterable of users named now. Frozen into PollVoter rows by ``poll_open``,
      which refuses to open a 'present' poll without a quorum (more than half of the base present).
    - ``max_choices``: for 'choose' the N a voter may pick (default 1), which is also the number of
      places; for 'slate' and 'rating' the number of places (at most N options adopted, ranked by
      votes for; default: every option that passes). A tie at the last place is reported by
      ``poll_result`` and settled with ``poll_break_tie``.

    Returns the poll; open it with ``poll_open``, read it with ``poll_result``.
    """
    options = [o.strip() for o in options if o and o.strip()]
    if kind == PollKind.YES_NO:
        options = [question.strip()]
    if not question.strip():
        raise MeetingError(_("Give the question."))
    if not options:
        raise MeetingError(_("Give the options."))
    if len(set(options)) != len(options):
        raise MeetingError(_("Each option must be different."))
    if kind == PollKind.CHOOSE and max_choices is None:
        max_choices = 1
    if max_choices is not None and not 1 <= max_choices <= len(options) and kind != PollKind.YES_NO:
        raise MeetingError(_("At most N must be between 1 and the number of options."))
    if base is not None and base < 1:
        raise MeetingError(_("The base must be a positive number."))
    named = None
    if not isinstance(electorate, str):
        named, electorate = list(electorate), Electorate.NAMED
        if not named:
            raise MeetingError(_("Name at least one voter."))
    elif electorate == Electorate.NAMED:
        raise MeetingError(_("Name the voters."))
    poll = Poll(
        item=agenda_item,
        question=question.strip(),
        kind=kind,
        mode=mode,
        rule=rule,
        threshold=threshold,
        electorate=electorate,
        base_given=base,
        max_choices=max_choices if kind == PollKind.CHOOSE else 1,
        places=None if kind == PollKind.YES_NO else max_choices,
    )
    try:
        poll.full_clean()
    except Exception as exc:
        raise MeetingError(" ".join(m for ms in getattr(exc, "message_dict", {"": [str(exc)]}).values() for m in ms))
    as_actor(poll, actor)
    poll.save()
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, label=label[:200], order=i) for i, label in enumerate(options)]
    )
    if named is not None:
        PollNominee.objects.bulk_create([PollNominee(poll=poll, user=u) for u in {u.pk: u for u in named}.values()])
    return poll


@transaction.atomic
def poll_open(*, poll_id: int, actor: User) -> Poll:
    """Open the poll and freeze who may vote (PollVoter rows) and its base. Opens the meeting first if
    the chair had not. Refused unless the poll is 'created', if nobody would be entitled, or, when
    the voters are the members present, without a quorum: more than half of the base (all members or
    deputies frozen at the meeting's opening, or the base given) marked present."""
    poll = Poll.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=poll_id)
    if poll.status != PollStatus.CREATED:
        raise MeetingError(_("This poll has already been opened."))
    meeting = poll.item.meeting
    if not meeting.opened_at:
        meeting_open(meeting_id=meeting.pk, actor=actor)
    voting = meeting.attendance.filter(non_voting=False)
    if poll.electorate == Electorate.NAMED:
        entitled = list(poll.nominees.values_list("user_id", flat=True))
    else:  # 'present', and the retired 'expected': only those marked present may vote
        entitled = list(voting.filter(presence=Presence.PRESENT).values_list("user_id", flat=True))
    if not entitled:
        raise MeetingError(_("Nobody may vote yet: mark the members present first."))
    base = poll.base_given or (voting.count() if poll.electorate != Electorate.NAMED else len(entitled))
    if poll.electorate != Electorate.NAMED and len(entitled) * 2 <= base:
        if meeting.type == MeetingType.CONGRESS:
            raise MeetingError(
                _("%(present)d present, not more than half of all %(base)d deputies: the vote cannot begin.")
                % {"present": len(entitled), "base": base}
            )
        raise MeetingError(
            _("%(present)d present, not more than half of all %(base)d members: the vote cannot begin.")
            % {"present": len(entitled), "base": base}
        )
    PollVoter.objects.bulk_create([PollVoter(poll=poll, user_id=uid) for uid in entitled])
    poll.base = base
    poll.present, poll.status = len(entitled), PollStatus.OPEN
    as_actor(poll, actor)
    poll.save(update_fields=["base", "present", "status"])
    # Each voter's phone shows the open vote with a link (in-app only: a vote is over before mail arrives).
    notify(
        recipients=User.objects.filter(pk__in=entitled),
        template="meetings/email/poll_open",
        context={"poll": poll, "meeting": meeting},
        url=poll.get_absolute_url(),
        email=False,
    )
    return poll


def _move(poll_id: int, to: str, actor: User) -> Poll:
    poll = Poll.objects.select_for_update(of=("self",)).get(pk=poll_id)
    if POLL_MOVES.get(poll.status) != to:
        raise MeetingError(
            _("A poll that is “%(from)s” cannot become “%(to)s”.")
            % {"from": poll.get_status_display(), "to": PollStatus(to).label}
        )
    poll.status = to
    as_actor(poll, actor)
    poll.save(update_fields=["status"])
    return poll


def poll_close(*, poll_id: int, actor: User) -> Poll:
    """Close an open poll: no ballot is accepted afterwards (casts lock the same row, so a ballot is
    either in before the close or refused). A secret poll's choices, held in Redis while it was open,
    are written into Ballot in one shuffled insert in this one transaction (one transaction id for
    all, physical order random); the Redis hash is deleted only after that commit. Refused when
    Redis cannot be read (nothing changes; close again once it is back)."""
    with transaction.atomic():
        poll = _move(poll_id, PollStatus.CLOSED, actor)
        if poll.secret:
            rows = [json.loads(v) for v in _secret_redis().hvals(_secret_key(poll.pk))]
            rows += _secret_take_pending(poll.pk)
            random.SystemRandom().shuffle(rows)
            Ballot.objects.bulk_create([Ballot(poll=poll, choices=c) for c in rows])
    if poll.secret:
        _after_commit(lambda: _secret_redis().delete(_secret_key(poll.pk)))
    return poll


# --- secret choices while a poll is open: in Redis, apart from who voted ------------------------------

_redis_clients: dict[str, redis.Redis] = {}


def _secret_redis() -> redis.Redis:
    """The Redis holding open secret polls' choices (settings.REDIS_URL); errors are not swallowed,
    unlike the cache's."""
    url = settings.REDIS_URL
    if url not in _redis_clients:
        _redis_clients[url] = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    return _redis_clients[url]


def _secret_key(poll_id: int) -> str:
    prefix = settings.CACHES.get("default", {}).get("KEY_PREFIX", "portal")
    return "%s:meetings:secret-ballots:%d" % (prefix, poll_id)


def _after_commit(fn: Callable[[], object]) -> None:
    """Run ``fn`` once the database transaction has committed: at once when no transaction is open
    (or only a test case's, which stands for the committed state), else on commit."""
    if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        fn()
    else:
        transaction.on_commit(fn)


# Choices cast inside a caller's transaction (a demo seed, another service), waiting for its commit:
# {transaction id: {poll id: [choices]}}. Only in this process's memory; a rolled-back transaction's
# entry is never flushed (its on_commit never runs) nor read again (transaction ids are not reused).
_pending: dict[int, dict[int, list[dict]]] = {}


def _txid() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT txid_current()")
        return cur.fetchone()[0]


def _secret_defer(poll_id: int, stored: dict[str, str]) -> None:
    """Hold a choice until the caller's transaction commits (then into Redis); a ``poll_close`` in
    the same transaction takes it directly."""
    txid = _txid()
    if txid not in _pending:
        _pending[txid] = {}

        def flush():
            for pk, rows in _pending.pop(txid, {}).items():
                for row in rows:
                    _secret_store(pk, row)

        transaction.on_commit(flush)
    _pending[txid].setdefault(poll_id, []).append(stored)


def _secret_take_pending(poll_id: int) -> list[dict]:
    """Return (and remove) the choices of ``poll_id`` cast earlier in this same transaction."""
    if not _pending or not connection.in_atomic_block:
        return []
    return _pending.get(_txid(), {}).pop(poll_id, [])


def _secret_store(poll_id: int, stored: dict[str, str]) -> None:
    """Add one secret choice under a fresh random field (no voter, no time, no counter)."""
    payload = json.dumps(stored, sort_keys=True)
    for attempt in range(3):
        try:
            _secret_redis().hset(_secret_key(poll_id), secrets.token_hex(16), payload)
            return
        except redis.RedisError:
            if attempt == 2:  # the vote record is committed: the ballot is lost, shown as missing
                log.error("a secret ballot of poll %s could not be stored in Redis", poll_id)


def _secret_live(polls: list[Poll]) -> dict[int, list[dict]]:
    """Return the choices of the open secret polls among ``polls`` from Redis (one round trip)."""
    open_secret = [p.pk for p in polls if p.secret and p.status == PollStatus.OPEN]
    if not open_secret:
        return {}
    try:
        pipe = _secret_redis().pipeline(transaction=False)
        for pk in open_secret:
            pipe.hvals(_secret_key(pk))
        return {pk: [json.loads(v) for v in values] for pk, values in zip(open_secret, pipe.execute())}
    except redis.RedisError:
        return {}


@transaction.atomic
def poll_publish(*, poll_id: int, actor: User) -> Poll:
    """Publish a closed poll's result to everyone who may see the meeting."""
    return _move(poll_id, PollStatus.PUBLISHED, actor)


def _check_choices(poll: Poll, choices: dict[int, str], option_ids: set[int]) -> dict[str, str]:
    if not set(choices) <= option_ids or not set(choices.values()) <= set(Value.values):
        raise MeetingError(_("Choose among the poll's options."))
    if poll.kind == PollKind.CHOOSE:
        if set(choices.values()) - {Value.FOR} or len(choices) > poll.max_choices:
            raise MeetingError(_("Choose at most %(n)d.") % {"n": poll.max_choices})
    elif set(choices) != option_ids:
        raise MeetingError(_("Give a vote on every option."))
    return {str(k): v for k, v in sorted(choices.items())}


def ballot_cast(*, poll_id: int, voter: User, choices: dict[int, str], entered_by: User | None = None) -> None:
    """Cast ``voter``'s one ballot. ``choices``: option id → 'Y'/'N'/'A' (every option for yes/no and
    slate polls; for a choose poll only 'Y', at most N, none = a blank ballot).

    The one-ballot rule is the database's: the vote record is inserted under the unique constraint
    (poll, voter), ``ON CONFLICT DO NOTHING``, so a second ballot inserts nothing and the cast is
    refused (AlreadyVoted "已投票") with nothing written, whatever the tab, device or timing. The
    insert takes its row from the poll only while the poll is open and the voter entitled, with the
    weakest row lock (FOR KEY SHARE, the one its foreign key takes anyway): casts run side by side,
    and a close (FOR UPDATE) waits for the casts in flight while a cast behind a close sees it closed
    and is refused. For a secret poll nothing of the choice is written to PostgreSQL: once the vote
    record has committed, the choice is added to the poll's Redis hash under a random field
    (``poll_close`` moves them all into Ballot). Refused, with nothing written, when Redis is down.
    ``entered_by``: a teller entering a named poll's paper ballot for ``voter``.

    Two queries (the poll's state, options and the voter's standing; the insert) and for a secret
    poll two Redis round trips (a ping before, the choice after the commit)."""
    state = _ballot_state(poll_id, voter.pk)
    if state is None:
        raise Poll.DoesNotExist
    status, kind, mode, max_choices, option_ids, entitled = state
    poll = Poll(pk=poll_id, status=status, kind=kind, mode=mode, max_choices=max_choices)
    if poll.status != PollStatus.OPEN:
        raise MeetingError(_("This poll is not open."))
    if entered_by is not None and poll.secret:
        raise MeetingError(_("A secret poll's paper ballots are entered as counted totals."))
    if not entitled:
        raise MeetingError(_("You are not entitled to vote in this poll."))
    stored = _check_choices(poll, choices, set(option_ids))
    if poll.secret:
        try:
            _secret_redis().ping()  # refuse now rather than lose the choice after the commit
        except redis.RedisError:
            raise MeetingError(_("The vote cannot be recorded right now; please try again shortly.")) from None
    # A secret cast is one statement (its own transaction unless the caller has one open); a named
    # one writes its ballot and audit line with the vote record in one transaction.
    with transaction.atomic() if not poll.secret else contextlib.nullcontext():
        if not _vote_record_insert(poll_id, voter.pk, entered_by):
            if VoteRecord.objects.filter(poll_id=poll_id, user=voter).exists():
                raise AlreadyVoted(_("已投票"))
            raise MeetingError(_("This poll is not open."))  # closed since the first look
        if not poll.secret:
            ballot = Ballot.objects.create(poll_id=poll_id, voter=voter, choices=stored)
            _audit(ballot, entered_by or voter, [{"field": "choices", "new": stored}], AuditAction.CREATE)
    if poll.secret:
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            _secret_store(poll_id, stored)  # committed (or a test case's stand-in for it)
        else:
            _secret_defer(poll_id, stored)


def _ballot_state(poll_id: int, user_id: int) -> tuple | None:
    """Return (status, kind, mode, max_choices, [option ids], entitled) of a poll for ``user_id``, in
    one query without a lock (the insert re-checks the status under its lock), or None."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.status, p.kind, p.mode, p.max_choices,"
            " ARRAY(SELECT o.id FROM meetings_polloption o WHERE o.poll_id = p.id),"
            " EXISTS(SELECT 1 FROM meetings_pollvoter v WHERE v.poll_id = p.id AND v.user_id = %s)"
            " FROM meetings_poll p WHERE p.id = %s",
            [user_id, poll_id],
        )
        return cur.fetchone()


def _vote_record_insert(poll_id: int, user_id: int, entered_by: User | None) -> bool:
    """Insert the vote record while the poll is open and the voter entitled; return whether it was
    inserted (False: already voted, or no longer open). The poll row is locked FOR KEY SHARE: many
    casts hold it together, a close's FOR UPDATE waits for them, and a cast waiting behind a close
    re-reads the row and finds it closed."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO meetings_voterecord (poll_id, user_id, paper, entered_by_id)"
            " SELECT p.id, %s, %s, %s FROM meetings_poll p"
            " WHERE p.id = %s AND p.status = %s"
            " AND EXISTS(SELECT 1 FROM meetings_pollvoter v WHERE v.poll_id = p.id AND v.user_id = %s)"
            " FOR KEY SHARE OF p"
            " ON CONFLICT (poll_id, user_id) DO NOTHING RETURNING id",
            [user_id, entered_by is not None, getattr(entered_by, "pk", None), poll_id, PollStatus.OPEN, user_id],
        )
        return cur.fetchone() is not None


def _poll_share_locked(poll_id: int) -> Poll:
    """Return the poll with a FOR SHARE lock: casts run side by side, a close waits for them (and
    they for it)."""
    polls = list(Poll.objects.raw("SELECT * FROM meetings_poll WHERE id = %s FOR SHARE", [poll_id]))
    if not polls:
        raise Poll.DoesNotExist
    return polls[0]


@transaction.atomic
def paper_ballots_enter(
    *, poll_id: int, voters: Iterable[User], counts: dict[int, dict[str, int]], actor: User
) -> PaperCount:
    """Enter a teller's counted paper ballots for a mixed session: mark each paper voter as voted (so
    they cannot also vote electronically; one who already voted makes the whole entry fail) and add
    the totals ``counts`` ({option id: {'Y': n, 'N': n, 'A': n}}) to the tally, recorded with the
    teller. One paper ballot per voter named: no option may count more votes than that."""
    poll = _poll_share_locked(poll_id)
    if poll.status != PollStatus.OPEN:
        raise MeetingError(_("This poll is not open."))
    voters = list({u.pk: u for u in voters}.values())
    if not voters:
        raise MeetingError(_("Name the members who voted on paper."))
    entitled = set(PollVoter.objects.filter(poll=poll, user__in=voters).values_list("user_id", flat=True))
    outsiders = [u.display_name for u in voters if u.pk not in entitled]
    if outsiders:
        raise MeetingError(_("Not entitled to vote in this poll: %(names)s.") % {"names": "、".join(outsiders)})
    option_ids = set(poll.options.values_list("pk", flat=True))
    n = len(voters)
    clean = {}
    for option_id, row in counts.items():
        if option_id not in option_ids:
            raise MeetingError(_("Choose among the poll's options."))
        row = {k: int(row.get(k) or 0) for k in Value.values}
        if min(row.values()) < 0 or sum(row.values()) > n or (poll.kind == PollKind.CHOOSE and (row["N"] or row["A"])):
            raise MeetingError(_("The counts do not fit %(n)d paper ballots.") % {"n": n})
        clean[str(option_id)] = row
    if poll.kind == PollKind.CHOOSE and sum(r["Y"] for r in clean.values()) > n * poll.max_choices:
        raise MeetingError(_("The counts do not fit %(n)d paper ballots.") % {"n": n})
    try:
        with transaction.atomic():
            VoteRecord.objects.bulk_create(
                [VoteRecord(poll=poll, user=u, paper=True, entered_by=actor) for u in voters]
            )
    except IntegrityError:
        raise AlreadyVoted(_("One of these members has already voted.")) from None
    paper = PaperCount(poll=poll, ballots=n, counts=clean, entered_by=actor)
    as_actor(paper, actor)
    paper.save()
    return paper


def _tallies(polls: list[Poll]) -> tuple[dict[int, dict[int, dict[str, int]]], dict[int, int]]:
    """Return ({poll id: {option id: {'Y','N','A': n}}}, {poll id: electronic ballots}) from the
    electronic ballots (one query for all the polls; an open secret poll's from Redis, counts only)
    and the paper counts (prefetched)."""
    tallies: dict[int, dict[int, dict[str, int]]] = {p.pk: {} for p in polls}
    ballots = {p.pk: 0 for p in polls}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT b.poll_id, c.key, c.value, count(*), NULL FROM meetings_ballot b, "
            "jsonb_each_text(b.choices) c WHERE b.poll_id = ANY(%s) GROUP BY 1, 2, 3 "
            "UNION ALL SELECT poll_id, NULL, NULL, NULL, count(*) FROM meetings_ballot "
            "WHERE poll_id = ANY(%s) GROUP BY 1",
            [list(tallies), list(tallies)],
        )
        for poll_id, key, value, n, count in cur.fetchall():
            if key is None:
                ballots[poll_id] += count
            else:
                tallies[poll_id].setdefault(int(key), {"Y": 0, "N": 0, "A": 0})[value] += n
    for poll_id, rows in _secret_live(polls).items():
        ballots[poll_id] += len(rows)
        for choices in rows:
            for key, value in choices.items():
                tallies[poll_id].setdefault(int(key), {"Y": 0, "N": 0, "A": 0})[value] += 1
    for poll in polls:
        for paper in poll.paper_counts.all():
            for key, row in paper.counts.items():
                t = tallies[poll.pk].setdefault(int(key), {"Y": 0, "N": 0, "A": 0})
                for v in Value.values:
                    t[v] += int(row.get(v, 0))
    return tallies, ballots


def _rank(poll: Poll, rows: list[dict], decision: PollTieBreak | None) -> dict | None:
    """Set each row's ``rank`` (1 + the options with more votes for; a recorded tie decision orders
    the tied ones), ``tied`` and ``pending``, and cut the adopted at ``poll.places``. Return the tie
    at the cut ({'options', 'option_ids', 'places', 'votes', 'decision', 'resolved'}) or None."""
    position = {oid: i for i, oid in enumerate(decision.order)} if decision else {}
    for r in rows:
        above = [o for o in rows if o["approval"] > r["approval"]]
        level = [o for o in rows if o["approval"] == r["approval"] and o["option"].pk in position]
        r["rank"] = (
            1
            + len(above)
            + (
                sum(1 for o in level if position[o["option"].pk] < position[r["option"].pk])
                if r["option"].pk in position
                else 0
            )
        )
        r["tied"] = r["pending"] = False
    if not poll.places:
        return None
    eligible = sorted((r for r in rows if r["passed"]), key=lambda r: -r["approval"])
    if len(eligible) <= poll.places:
        return None
    cut = eligible[poll.places - 1]["approval"]
    above = [r for r in eligible if r["approval"] > cut]
    level = [r for r in eligible if r["approval"] == cut]
    for r in eligible[poll.places :]:
        if r["approval"] < cut:
            r["passed"] = False
    if eligible[poll.places]["approval"] != cut:
        return None
    seats = poll.places - len(above)
    ids = [r["option"].pk for r in level]
    resolved = decision is not None and sorted(decision.order) == sorted(ids)
    for r in level:
        r["tied"] = True
        r["pending"] = not resolved
        r["passed"] = resolved and position[r["option"].pk] < seats
    return {
        "options": [r["option"] for r in level],
        "option_ids": ids,
        "places": seats,
        "votes": cut,
        "decision": decision,
        "resolved": resolved,
    }


def poll_results(polls: Iterable[Poll]) -> dict[int, dict]:
    """Return {poll id: result} for many polls at once: four queries (five with closed polls that have
    places; and for open secret polls one Redis round trip) whatever the number of polls and ballots.
    Each result:

    - ``rows``: per option ``for``/``against``/``abstain`` (``counts`` in the order of ``labels``,
      the poll's ``value_choices``), ``approval`` (for; a rating poll's satisfied + basically
      satisfied), the ``base`` it is measured against, ``rank`` (1 = most votes for; equal votes share
      a rank until a tie decision orders them), ``tied`` (in a tie at the cut), ``pending`` (tied and
      not yet decided: never shown as passed) and ``passed``;
    - ``tie``: the tie at the cut of a poll with places (a choose-N poll, or a slate/rating poll given
      N): {'options', 'option_ids', 'places' (how many of the places they compete for), 'votes',
      'decision' (the PollTieBreak or None), 'resolved'}, else None;
    - ``adopted`` (options passed), ``total`` (options), ``places`` (N or None);
    - ``voted``, ``paper``, ``electronic`` (vote records), ``missing`` (electronic vote records
      without a ballot: a secret ballot lost between the commit and Redis), ``entitled``, ``base``,
      ``quorate`` (more than half of the base entitled at opening), ``final`` (closed or published),
      ``passed`` (every option passed)."""
    polls = list(polls)
    if not polls:
        return {}
    prefetch_related_objects(polls, "options", "paper_counts")
    ranked = [p for p in polls if p.places and p.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)]
    decisions = (
        {d.poll_id: d for d in PollTieBreak.objects.filter(poll__in=ranked).select_related("decided_by")}
        if ranked
        else {}
    )
    tallies, ballots = _tallies(polls)
    records = {
        r["poll_id"]: r
        for r in VoteRecord.objects.filter(poll__in=polls)
        .values("poll_id")
        .order_by()
        .annotate(total=Count("pk"), paper=Count("pk", filter=Q(paper=True)))
    }
    results = {}
    for poll in polls:
        tally, voted = tallies[poll.pk], records.get(poll.pk, {"total": 0, "paper": 0})
        entitled = poll.present or 0
        quorate = bool(poll.base) and entitled * 2 > poll.base
        rows = []
        choices = poll.value_choices()
        for option in poll.options.all():
            c = tally.get(option.pk, {"Y": 0, "N": 0, "A": 0})
            base = {
                MajorityRule.ALL_MEMBERS: poll.base or 0,
                MajorityRule.ALL_DEPUTIES: poll.base or 0,
                MajorityRule.PRESENT: entitled,
                MajorityRule.VALID: (c["Y"] + c["N"] + c["A"]) if poll.kind != PollKind.CHOOSE else voted["total"],
            }[poll.rule]
            # A rating poll passes an option on its satisfaction: satisfied plus basically satisfied.
            approval = c["Y"] + c["A"] if poll.kind == PollKind.RATING else c["Y"]
            rows.append(
                {
                    "option": option,
                    "for": c["Y"],
                    "against": c["N"],
                    "abstain": c["A"],
                    "base": base,
                    "approval": approval,
                    "passed": quorate and poll.passes(approval, base),
                    "counts": [c[v] for v, _label in choices],
                }
            )
        tie = _rank(poll, rows, decisions.get(poll.pk))
        electronic = voted["total"] - voted["paper"]
        results[poll.pk] = {
            "poll": poll,
            "rows": rows,
            "voted": voted["total"],
            "paper": voted["paper"],
            "electronic": electronic,
            "missing": max(electronic - ballots[poll.pk], 0),
            "entitled": entitled,
            "base": poll.base,
            "quorate": quorate,
            "final": poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED),
            "labels": [label for _v, label in choices],
            "passed": bool(rows) and all(r["passed"] for r in rows),
            "tie": tie,
            "adopted": sum(1 for r in rows if r["passed"]),
            "total": len(rows),
            "places": poll.places,
        }
    return results


@transaction.atomic
def poll_break_tie(*, poll_id: int, order: list[int], reason: str, actor: User) -> PollTieBreak:
    """Record how a tie at the cut of a closed poll was settled: ``order`` is the tied options' ids,
    best first (exactly the tied options, each once), ``reason`` how it was decided (e.g. "第二轮投票"
    or "抽签"). Once per poll; audited with ``actor``. Ranks and pass/fail then follow the order."""
    poll = Poll.objects.select_for_update(of=("self",)).get(pk=poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise MeetingError(_("A tie can only be settled after the poll is closed."))
    if PollTieBreak.objects.filter(poll=poll).exists():
        raise MeetingError(_("The tie in this poll has already been settled."))
    tie = poll_result(poll)["tie"]
    if tie is None:
        raise MeetingError(_("There is no tie at the cut to settle."))
    try:
        order = [int(o) for o in order]
    except (TypeError, ValueError):
        order = []
    if len(order) != len(set(order)) or sorted(order) != sorted(tie["option_ids"]):
        raise MeetingError(
            _("Put exactly the tied options in order: %(options)s.")
            % {"options": "、".join(o.label for o in tie["options"])}
        )
    if not (reason or "").strip():
        raise MeetingError(_("Record how the tie was settled."))
    decision = PollTieBreak(
        poll=poll, order=order, reason=reason.strip()[:500], decided_by=actor, decided_at=timezone.now()
    )
    as_actor(decision, actor)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise MeetingError(_("The tie in this poll has already been settled.")) from None
    return decision


def poll_result(poll: Poll) -> dict:
    """Return one poll's result (see ``poll_results``); a fixed number of queries whatever the ballots."""
    return poll_results([poll])[poll.pk]


def poll_named_list(poll: Poll) -> list[dict]:
    """Return who voted what in a named poll (paper voters without choices); refused for a secret one."""
    if poll.secret:
        raise MeetingError(_("A secret poll has no list of who voted what."))
    labels = {str(o.pk): o.label for o in poll.options.all()}
    values = dict(poll.value_choices())
    chosen = {b.voter_id: b.choices for b in Ballot.objects.filter(poll=poll)}
    rows = []
    for record in VoteRecord.objects.filter(poll=poll).select_related("user").order_by("user__full_name", "user_id"):
        picks = chosen.get(record.user_id, {})
        rows.append(
            {
                "voter": record.user,
                "paper": record.paper,
                "choices": [(labels[k], values.get(v, v)) for k, v in picks.items() if k in labels],
            }
        )
    return rows
