"""Test data built through the services: members, a standing-committee meeting with them present,
nominations ready for the vote, a vote cast and closed on the engine."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from appointments import services
from appointments.models import ExamSitting, Nomination
from congress.models import Organization, Role, User
from meetings import services as engine
from meetings.models import Meeting, MeetingType, Presence


def admin():
    return User.objects.get(username="admin")


def members(n, prefix="cm"):
    """``n`` extra standing-committee members (besides the demo's leader and member)."""
    password = make_password(None)
    User.objects.bulk_create(
        [User(username="%s%03d" % (prefix, i), full_name="委员%03d" % i, password=password) for i in range(n)],
        ignore_conflicts=True,
    )
    people = list(User.objects.filter(username__startswith=prefix).order_by("username")[:n])
    group = Group.objects.get(name=Role.MEMBER)
    group.user_set.add(*people)
    return people


def meeting(date=None, title="区十九届人大常委会第20次会议", open_=True):
    """A standing-committee meeting; opened with every member present unless ``open_`` is false."""
    m = Meeting.objects.create(
        type=MeetingType.STANDING, title=title, date=date or timezone.localdate(), place="区人大常委会会议室"
    )
    if open_:
        engine.meeting_open(meeting_id=m.pk, actor=admin())
        for row in m.attendance.filter(non_voting=False):
            engine.attendance_mark(meeting_id=m.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=admin())
    return m


LEGAL_BASIS = "区人大常委会任免办法第十二条：连任同级同类职务免予考试"


def nomination(person="王某", post="区民政局局长", kind="appoint", m=None, qualified=True, rank="zhengke"):
    """A nomination; an appointment ``qualified`` (exempted on a recorded legal basis) unless told not."""
    n = Nomination.objects.create(
        kind=kind,
        person=person,
        post=post,
        rank=rank,
        meeting=m,
        nominated_by="party",
        organ=Organization.objects.get(name="汉滨区人民政府"),
        statement="%s的供职报告" % person,
    )
    if qualified and kind == "appoint":
        services.exam_exempt(nomination_id=n.pk, legal_basis=LEGAL_BASIS, actor=admin())
    return n


def sittings():
    return (
        ExamSitting.objects.create(date=dt.date(2023, 3, 1), paper="任前法律知识考试"),
        ExamSitting.objects.create(date=dt.date(2023, 3, 8), paper="任前法律知识考试（补考）"),
    )


def cast(poll, values, close=True):
    """Open ``poll`` and have its voters (in user order) vote: ``values`` maps nomination/review
    option ids → a list of values, one per voter ('Y'/'N'/'A'), or one value for every voter."""
    poll = engine.poll_open(poll_id=poll.pk, actor=admin())
    voters = [v.user for v in poll.voters.select_related("user").order_by("user_id")]
    for k, voter in enumerate(voters):
        choices = {}
        for option in poll.options.all():
            v = values.get(option.pk, "Y")
            choices[option.pk] = v[k] if isinstance(v, list) else v
        engine.ballot_cast(poll_id=poll.pk, voter=voter, choices=choices)
    if close:
        engine.poll_close(poll_id=poll.pk, actor=admin())
    return poll


def decided(person="赵某", post="区水利局局长", m=None, passed=True):
    """An appointment put to the vote at ``m`` and settled (adopted unless ``passed`` is false)."""
    m = m or meeting()
    n = nomination(person, post, m=m)
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[n.pk], actor=admin())
    n.refresh_from_db()
    cast(poll, {n.option_id: "Y" if passed else "N"})
    services.vote_settle(poll_id=poll.pk, actor=admin())
    n.refresh_from_db()
    return n


def score(n, sitting, value):
    return services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(value), actor=admin())
