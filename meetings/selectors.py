"""Reads for the meeting pages; each selector owns its joins."""

import json

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from congress.models import User
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingType,
    Poll,
    PollOption,
    PollStatus,
    PollVoter,
    Presence,
    VoteRecord,
)


def meeting_list() -> QuerySet:
    return Meeting.objects.order_by("-date", "-pk")


def agenda_item_list() -> QuerySet:
    return AgendaItem.objects.select_related("meeting", "organization").order_by(
        "-meeting__date", "meeting", "order", "pk"
    )


def attendance_list() -> QuerySet:
    return Attendance.objects.select_related("meeting", "user").order_by(
        "-meeting__date", "meeting", "non_voting", "pk"
    )


def meetings_visible_to(user: User) -> QuerySet:
    """Return the meetings ``user`` may open: all for office and leaders; standing-committee and
    chairpersons' meetings for members; congress sessions for deputies; any meeting they attend."""
    if user.has_perm("meetings.view_all"):
        return Meeting.objects.order_by("-date", "-pk")
    types = [MeetingType.STANDING] if user.has_role("member") else []
    types += [MeetingType.CONGRESS] if user.has_role("deputy") else []
    attends = Attendance.objects.filter(meeting=OuterRef("pk"), user=user)
    return Meeting.objects.filter(Q(type__in=types) | Q(Exists(attends))).order_by("-date", "-pk")


def expected_at(*, meeting: Meeting, user: User) -> bool:
    """Return whether ``user`` is among those a meeting expects (members; deputies at a congress)."""
    return user.has_role("deputy" if meeting.type == MeetingType.CONGRESS else "member")


def polls_for_voter(user: User) -> list[Poll]:
    """Return the open polls ``user`` is entitled to, each with ``voted`` set."""
    voted = VoteRecord.objects.filter(poll=OuterRef("pk"), user=user)
    return list(
        Poll.objects.filter(status=PollStatus.OPEN, voters__user=user)
        .select_related("item__meeting")
        .annotate(voted=Exists(voted))
        .order_by("-pk")[:20]
    )


_OPTIONS_JSON = (
    "SELECT coalesce(json_agg(json_build_array(o.id, o.label) ORDER BY o.\"order\", o.id), '[]') "
    "FROM meetings_polloption o WHERE o.poll_id = meetings_poll.id"
)


def poll_for_user(*, poll_id: int, user: User) -> tuple[Poll, dict] | None:
    """Return (poll, standing) or None when the poll is missing or not for ``user``: entitled voters,
    office and leaders see it; others only once published and only if they may see the meeting.

    One query: the poll with its meeting, whether ``user`` is entitled and has voted, and its options
    (as JSON, set as ``poll.options.all()``: options never change once a poll is created)."""
    poll = (
        Poll.objects.select_related("item__meeting")
        .annotate(
            entitled=Exists(PollVoter.objects.filter(poll=OuterRef("pk"), user=user)),
            voted=Exists(VoteRecord.objects.filter(poll=OuterRef("pk"), user=user)),
            option_rows=RawSQL(_OPTIONS_JSON, []),
        )
        .filter(pk=poll_id)
        .first()
    )
    if poll is None:
        return None
    _set_options(poll, poll.option_rows)
    staff, overseer = user.has_perm("meetings.manage"), user.has_perm("meetings.view_all")
    if not (poll.entitled or overseer):
        if (
            poll.status != PollStatus.PUBLISHED
            or not meetings_visible_to(user).filter(pk=poll.item.meeting_id).exists()
        ):
            return None
    return poll, {"entitled": poll.entitled, "voted": poll.voted, "staff": staff, "overseer": overseer}


def _set_options(poll: Poll, rows) -> None:
    """Make ``poll.options.all()`` answer from ``rows`` ([[id, label], ...], in order) without a query."""
    if isinstance(rows, str):
        rows = json.loads(rows)
    options = [PollOption(pk=pk, poll_id=poll.pk, label=label, order=i) for i, (pk, label) in enumerate(rows)]
    for option in options:
        option._state.adding, option._state.db = False, "default"
    queryset = poll.options.all()
    queryset._result_cache, queryset._prefetch_done = options, True
    poll._prefetched_objects_cache = {**getattr(poll, "_prefetched_objects_cache", {}), "options": queryset}


def meeting_detail(*, meeting: Meeting, user: User) -> dict:
    from meetings.services import quorum

    staff = user.has_perm("meetings.manage")
    overseer = user.has_perm("meetings.view_all")
    rows = (
        list(meeting.attendance.select_related("user").order_by("non_voting", "user__full_name", "name", "pk"))
        if overseer
        else []
    )
    return {
        "meeting": meeting,
        "staff": staff,
        "overseer": overseer,
        "items": meeting.items.select_related("organization").prefetch_related("polls"),
        "quorum": quorum(meeting),
        "attendance": [r for r in rows if not r.non_voting],
        "attendees": [r for r in rows if r.non_voting],
        "leaves": (
            meeting.leave_requests.select_related("user", "decided_by")
            if staff
            else meeting.leave_requests.filter(user=user)
        ),
    }


def paper_voters(poll: Poll) -> QuerySet:
    """Return the entitled voters of ``poll`` who have not voted yet."""
    return (
        User.objects.filter(pk__in=PollVoter.objects.filter(poll=poll).values("user_id"))
        .exclude(pk__in=VoteRecord.objects.filter(poll=poll).values("user_id"))
        .order_by("full_name", "pk")
    )


def minutes(*, meeting: Meeting) -> dict:
    """Return what the minutes show: agenda with texts and opinions, attendance, the polls' results."""
    from meetings.services import poll_results, quorum

    rows = list(meeting.attendance.select_related("user").order_by("non_voting", "user__full_name", "name", "pk"))
    items = list(meeting.items.select_related("organization").prefetch_related("polls__options"))
    closed = [p for item in items for p in item.polls.all() if p.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)]
    results = poll_results(closed)
    for item in items:
        for p in item.polls.all():
            p.result = results.get(p.pk)
    return {
        "meeting": meeting,
        "quorum": quorum(meeting),
        "items": items,
        "present": [r for r in rows if not r.non_voting and r.presence == Presence.PRESENT],
        "absent": [r for r in rows if not r.non_voting and r.presence == Presence.ABSENT],
        "leave": [r for r in rows if not r.non_voting and r.presence == Presence.LEAVE],
        "attendees": [r for r in rows if r.non_voting],
    }
