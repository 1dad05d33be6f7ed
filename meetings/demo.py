"""Demo meetings for 2023 in the seed's numbers (13 party-group meetings, 9 central-group study
sessions, 5 themed study sessions, 3 exchanges, 12 visiting delegations) and standing-committee
meetings run through the services: leave, attendance, officials attending without vote, and their
decisions put to named and secret polls (one with paper ballots); and a thinner 2022 of the same
kinds, so the report has a year to compare with. Dialogues and deputy-group
activities are counted by the deputies app (its Activity records), so they are not repeated here."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from congress.models import Session, User
from meetings import services
from meetings.models import AgendaItem, MajorityRule, Meeting, MeetingType, Presence

PLAN = [
    (MeetingType.PARTY_GROUP, 13, "区人大常委会党组会议"),
    (MeetingType.CENTRAL_STUDY, 9, "党组理论学习中心组集体学习"),
    (MeetingType.THEMED_STUDY, 5, "主题教育专题学习"),
    (MeetingType.EXCHANGE, 3, "主题教育研讨交流"),
    (MeetingType.DELEGATION, 12, "接待外地人大考察交流"),
]
DECISIONS = [
    "关于批准2022年区级财政决算的决议",
    "关于批准2023年区级财政预算调整方案的决议",
    "关于《安康市汉滨区国土空间总体规划（2021—2035年）》的决议",
]
PLAN_2022 = [
    (MeetingType.PARTY_GROUP, 11, "区人大常委会党组会议"),
    (MeetingType.CENTRAL_STUDY, 8, "党组理论学习中心组集体学习"),
    (MeetingType.THEMED_STUDY, 3, "党史学习教育专题学习"),
    (MeetingType.EXCHANGE, 2, "专题研讨交流"),
    (MeetingType.DELEGATION, 9, "接待外地人大考察交流"),
]
# The 2022 standing-committee meetings that decided something: (number, date, decision).
DECISIONS_2022 = [
    (4, dt.date(2022, 6, 28), "关于批准2021年区级财政决算的决议"),
    (7, dt.date(2022, 10, 27), "关于批准2022年区级财政预算调整方案的决议"),
]
# The votes in progress (seed_open_polls): a plenary meeting of the congress's third session and the
# standing committee's next meeting, each with an open poll the demo voter accounts can vote in now.
OPEN_PLENARY = "区十九届人大三次会议第二次全体会议"
OPEN_STANDING = "区十九届人大常委会第二十次会议"
LEAVE_REASONS = ["参加市人大常委会培训", "因病住院治疗", "赴外地招商引资", "参加市委党校学习"]
OFFICIALS = [("区政府副区长", "赵明"), ("区财政局局长", "孙丽"), ("区司法局局长", "周强")]

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h.
_ITEM_DAY = "(SELECT m.date FROM meetings_agendaitem i JOIN meetings_meeting m ON m.id = i.meeting_id WHERE i.id = %s)"
HISTORY_DATES = {
    "meetings.Meeting": "h.date",
    "meetings.AgendaItem": "(SELECT date FROM meetings_meeting WHERE id = h.meeting_id)",
    "meetings.Attendance": "(SELECT date FROM meetings_meeting WHERE id = h.meeting_id)",
    "meetings.LeaveRequest": "(SELECT date - 5 FROM meetings_meeting WHERE id = h.meeting_id)",
    "meetings.Poll": _ITEM_DAY % "h.item_id",
    "meetings.PaperCount": _ITEM_DAY % "(SELECT item_id FROM meetings_poll WHERE id = h.poll_id)",
    "meetings.PollTieBreak": "h.decided_at",
}


@transaction.atomic
def seed_meetings() -> dict:
    """Create the 2023 meetings once (idempotent: a second run finds them and changes nothing)."""
    if Meeting.objects.filter(date__year=2023).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    staff = User.objects.filter(username="staff").first() or admin
    _plan(2023, PLAN)
    for i, topic in enumerate(DECISIONS):
        _decide(10 + i * 3, dt.date(2023, 4 + i * 3, 26), topic, staff, paper=i == 2, secret=i == 0)
    upcoming = Meeting.objects.create(
        type=MeetingType.STANDING,
        title="区十九届人大常委会第十九次会议",
        date=dt.date(2023, 12, 26),
        place="区人大常委会会议室",
        convener="主任会议",
    )
    AgendaItem.objects.create(meeting=upcoming, order=1, kind="decision", title="关于召开区十九届人大三次会议的决定")
    leader = User.objects.filter(username="leader").first()
    if leader:
        leave = services.leave_request_file(
            meeting=upcoming, user=leader, reason="参加市人大常委会会议", today=dt.date(2023, 12, 20)
        )
        services.leave_decide(request_id=leave.pk, approve=True, actor=staff)
    return {"created": True}


@transaction.atomic
def seed_meetings_2022() -> dict:
    """A thinner 2022 of the same kinds (once): fewer meetings, two decisions voted."""
    if Meeting.objects.filter(date__year=2022, type=MeetingType.PARTY_GROUP).exists():
        return {"created": False}
    staff = User.objects.filter(username="staff").first() or User.objects.get(username="admin")
    _plan(2022, PLAN_2022)
    for number, date, topic in DECISIONS_2022:
        _decide(number, date, topic, staff)
    return {"created": True}


def _plan(year, plan):
    for kind, count, title in plan:
        for i in range(count):
            Meeting.objects.create(
                type=kind,
                title="%s（第%d次）" % (title, i + 1),
                date=dt.date(year, 1 + i % 12, 12),
                place="区人大常委会会议室",
            )


def _decide(number, date, topic, staff, paper=False, secret=False):
    """A standing-committee meeting that hears the government, reviews a report and votes a decision
    (named poll, every member present); officials and a deputy attend without vote."""
    meeting = Meeting.objects.create(
        type=MeetingType.STANDING,
        title="区十九届人大常委会第%d次会议" % number,
        date=date,
        place="区人大常委会会议室",
        convener="主任会议",
        minutes="会议听取和审议了有关报告，表决通过了%s。" % topic,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind="budget" if "财政" in topic else "heard",
        title="听取区政府关于%s的说明" % topic[2:-3],
    )
    reviewed = AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        kind="reviewed",
        title="审议区政府有关工作报告",
        opinions="建议进一步加强预算绩效管理，提高资金使用效益。",
    )
    item = AgendaItem.objects.create(meeting=meeting, order=3, kind="decision", title=topic, text=topic + "（全文）")
    rng = random.Random(number * 100 + date.year)
    _leave(meeting, rng.randint(1, 3), rng, staff)
    services.meeting_open(meeting_id=meeting.pk, actor=staff)
    for row in meeting.attendance.filter(non_voting=False, presence=Presence.EXPECTED):
        services.attendance_mark(meeting_id=meeting.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=staff)
    for position, name in OFFICIALS:
        services.attendee_add(meeting_id=meeting.pk, actor=staff, name=name, position=position)
    deputy = User.objects.filter(username="deputy").first()
    if deputy:
        services.attendee_add(meeting_id=meeting.pk, actor=staff, user=deputy, position="区人大代表")
    poll = services.poll_create(agenda_item=item, question="表决：" + topic, actor=staff)
    _vote_all(poll, rng, staff, paper=paper)
    if secret:  # the review opinions put to a secret poll as well
        poll = services.poll_create(
            agenda_item=reviewed,
            question="对区政府有关工作报告的满意度测评",
            mode="secret",
            rule="present",
            actor=staff,
        )
        _vote_all(poll, rng, staff)
    return meeting


def _leave(meeting, count, rng, staff):
    """``count`` of the committee's other members ask for leave before the meeting, approved."""
    others = list(User.objects.filter(username__startswith="hb-member-").order_by("username"))
    for user in rng.sample(others, min(count, len(others))):
        leave = services.leave_request_file(
            meeting=meeting, user=user, reason=rng.choice(LEAVE_REASONS), today=meeting.date - dt.timedelta(days=3)
        )
        services.leave_decide(request_id=leave.pk, approve=True, actor=staff)


def _value(rng) -> str:
    """A member's vote on a decision the committee adopts: nearly always for, now and then not."""
    r = rng.random()
    return "N" if r < 0.02 else "A" if r < 0.08 else "Y"


def _vote_all(poll, rng, actor, paper=False, close=True, leave_open=()):
    """Open the poll and have every voter cast (one on paper at a mixed session), except the users in
    ``leave_open``; then close and publish it unless ``close`` is false."""
    poll = services.poll_open(poll_id=poll.pk, actor=actor)
    option = poll.options.get()
    voters = [v.user for v in poll.voters.select_related("user").order_by("user_id") if v.user_id not in leave_open]
    if paper and voters:  # one member voted on paper at a mixed session
        services.paper_ballots_enter(poll_id=poll.pk, voters=voters[:1], counts={option.pk: {"Y": 1}}, actor=actor)
        voters = voters[1:]
    for voter in voters:
        services.ballot_cast(poll_id=poll.pk, voter=voter, choices={option.pk: _value(rng)})
    if close:
        services.poll_close(poll_id=poll.pk, actor=actor)
        services.poll_publish(poll_id=poll.pk, actor=actor)
    return poll


@transaction.atomic
def seed_open_polls() -> dict:
    """Two votes in progress (once), so each demo voter account has a ballot to cast right now: the
    third session's second plenary meeting, open with the deputies present and the government work
    report's resolution put to them; and the standing committee's next meeting, open with all but
    two members present (leave approved), its decision put to a named vote that most members have
    cast already, the demo accounts ``leader`` and ``member`` not yet."""
    if Meeting.objects.filter(title=OPEN_STANDING).exists():
        return {"created": False}
    staff = User.objects.filter(username="staff").first() or User.objects.get(username="admin")
    session = Session.objects.get(term__congress__name="安康市汉滨区人民代表大会", term__number=19, number=3)
    plenary = Meeting.objects.create(
        type=MeetingType.CONGRESS,
        session=session,
        title=OPEN_PLENARY,
        date=session.start_date + dt.timedelta(days=1),
        place=session.place,
        convener="大会主席团",
    )
    AgendaItem.objects.create(meeting=plenary, order=1, kind="heard", title="审议区人民政府工作报告")
    item = AgendaItem.objects.create(meeting=plenary, order=2, kind="decision", title="关于区人民政府工作报告的决议")
    services.meeting_open(meeting_id=plenary.pk, actor=staff)
    for row in plenary.attendance.filter(non_voting=False, presence=Presence.EXPECTED):
        services.attendance_mark(meeting_id=plenary.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=staff)
    poll = services.poll_create(
        agenda_item=item, question="表决：关于区人民政府工作报告的决议", rule=MajorityRule.ALL_DEPUTIES, actor=staff
    )
    services.poll_open(poll_id=poll.pk, actor=staff)

    standing = Meeting.objects.create(
        type=MeetingType.STANDING,
        title=OPEN_STANDING,
        date=dt.date(2024, 2, 27),
        place="区人大常委会会议室",
        convener="主任会议",
    )
    AgendaItem.objects.create(
        meeting=standing, order=1, kind="heard", title="听取区政府关于2023年区级预算执行情况的报告"
    )
    topic = "关于设立汉滨区人大常委会基层立法联系点的决定"
    item = AgendaItem.objects.create(meeting=standing, order=2, kind="decision", title=topic, text=topic + "（全文）")
    rng = random.Random(20240227)
    _leave(standing, 2, rng, staff)
    services.meeting_open(meeting_id=standing.pk, actor=staff)
    for row in standing.attendance.filter(non_voting=False, presence=Presence.EXPECTED):
        services.attendance_mark(meeting_id=standing.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=staff)
    demo = set(User.objects.filter(username__in=["leader", "member"]).values_list("pk", flat=True))
    poll = services.poll_create(agenda_item=item, question="表决：" + topic, actor=staff)
    _vote_all(poll, rng, staff, close=False, leave_open=demo)
    return {"created": True}


COMING_STANDING = "区十九届人大常委会第二十一次会议"


@transaction.atomic
def seed_coming_meetings() -> dict:
    """The standing committee's next meeting, eight days from the day the demo is loaded (once), with its
    agenda and one member's leave request waiting for the office's decision."""
    if Meeting.objects.filter(title=COMING_STANDING).exists():
        return {"created": False}
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        type=MeetingType.STANDING,
        title=COMING_STANDING,
        date=today + dt.timedelta(days=8),
        place="区人大常委会会议室",
        convener="主任会议",
    )
    for order, (kind, title) in enumerate(
        [
            ("heard", "听取区政府关于老旧小区改造工作情况的报告"),
            ("heard", "听取区人大常委会执法检查组关于《中华人民共和国道路交通安全法》实施情况的报告"),
            ("decision", "关于批准汉滨区本级预算调整方案的决议"),
        ],
        start=1,
    ):
        AgendaItem.objects.create(meeting=meeting, order=order, kind=kind, title=title)
    member = User.objects.filter(username="hb-member-01").first()
    if member is not None:
        services.leave_request_file(meeting=meeting, user=member, reason=LEAVE_REASONS[0], today=today)
    return {"created": True}
