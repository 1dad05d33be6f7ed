"""Demo appointments for 2023 through the services: 45 person-times adopted (32 appointments, 9
removals, 4 resignations accepted) at three standing-committee meetings, each appointment through the
exam (one passed on the resit, one exempt on re-appointment), each meeting's nominations put to one
slate vote of the meetings engine, the outcome read from the closed poll, then a group oath per
meeting. Besides: a nominee who failed the resit (withdrawn), one appointment voted down (the post
left unfilled), and three performance reviews at the last meeting (one report filed late) rated in
the members' secret satisfaction vote. A thinner 2022: 34 person-times at two meetings."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from appointments import services
from appointments.models import ExamSitting, Nomination
from congress.models import Organization, Role, User
from meetings import services as engine
from meetings.models import Meeting, MeetingType, PollStatus, Presence

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
POSTS = [
    "区发展和改革局局长",
    "区教育体育和科技局局长",
    "区民政局局长",
    "区财政局局长",
    "区住房和城乡建设局局长",
    "区人民法院审判员",
    "区人民检察院检察员",
    "区卫生健康局局长",
    "区水利局局长",
    "区审计局局长",
]
# The standing-committee meetings of 2023 that voted on appointments (as the meetings demo names them).
MEETINGS = [
    ("区十九届人大常委会第10次会议", dt.date(2023, 4, 26)),
    ("区十九届人大常委会第13次会议", dt.date(2023, 7, 26)),
    ("区十九届人大常委会第16次会议", dt.date(2023, 10, 26)),
]

# 2022's appointing meetings (the meetings demo's 2022 decisions), and how many of each kind.
MEETINGS_2022 = [
    ("区十九届人大常委会第4次会议", dt.date(2022, 6, 28)),
    ("区十九届人大常委会第7次会议", dt.date(2022, 10, 27)),
]
KINDS_2022 = ["appoint"] * 26 + ["remove"] * 6 + ["resign"] * 2
EXEMPTION_BASIS = "区人大常委会任免办法第十二条：连任同级同类职务的，经主任会议同意免予任前法律知识考试"

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h.
HISTORY_DATES = {
    "appointments.Nomination": "COALESCE(h.decided_on, (SELECT date - 7 FROM meetings_meeting WHERE id = h.meeting_id))",
    "appointments.ExamSitting": "h.date",
    "appointments.ExamResult": "(SELECT date FROM appointments_examsitting WHERE id = h.sitting_id)",
    "appointments.Oath": "h.date",
    "appointments.Review": "COALESCE(h.filed_on, h.report_due - 10)",
}


def rank(post: str) -> str:
    """A district bureau's head is of section rank (正科级); judges and procurators carry no rank here."""
    return "zhengke" if post.endswith("局长") else ""


def _meeting(title, date, actor):
    """The meeting of that title (the meetings demo's), else one recorded now; opened with every
    member present."""
    meeting = Meeting.objects.filter(type=MeetingType.STANDING, title=title).order_by("pk").first()
    if meeting is None:
        meeting = Meeting.objects.create(
            type=MeetingType.STANDING, title=title, date=date, place="区人大常委会会议室", convener="主任会议"
        )
    if not meeting.opened_at:
        engine.meeting_open(meeting_id=meeting.pk, actor=actor)
        for row in meeting.attendance.filter(non_voting=False, presence=Presence.EXPECTED):
            engine.attendance_mark(meeting_id=meeting.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=actor)
    return meeting


def _vote(poll, actor, against=()):
    """Every member present votes for each nomination, against those in ``against`` (ids)."""
    poll = engine.poll_open(poll_id=poll.pk, actor=actor)
    no = set(Nomination.objects.filter(poll=poll, pk__in=against).values_list("option_id", flat=True))
    options = list(poll.options.all())
    for voter in [v.user for v in poll.voters.select_related("user").order_by("user_id")]:
        engine.ballot_cast(poll_id=poll.pk, voter=voter, choices={o.pk: "N" if o.pk in no else "Y" for o in options})
    engine.poll_close(poll_id=poll.pk, actor=actor)
    engine.poll_publish(poll_id=poll.pk, actor=actor)
    return poll


@transaction.atomic
def seed_appointments() -> dict:
    if Nomination.objects.filter(decided_on__year=2023).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    if not User.objects.filter(groups__name=Role.MEMBER, is_active=True).exists():
        return {"created": False}  # nobody to vote
    government = Organization.objects.get(name="汉滨区人民政府")
    court = Organization.objects.get(name="汉滨区人民法院")
    sitting = ExamSitting.objects.create(
        date=dt.date(2023, 3, 20), place="区人大常委会会议室", paper="任前法律知识考试（宪法及相关法）"
    )
    resit = ExamSitting.objects.create(
        date=dt.date(2023, 3, 27), place="区人大常委会会议室", paper="任前法律知识考试（补考）"
    )
    meetings = [_meeting(title, date, admin) for title, date in MEETINGS]
    per_meeting: dict[int, list[int]] = {m.pk: [] for m in meetings}
    against = set()

    def nominate(i, kind, person, post, meeting):
        n = Nomination.objects.create(
            kind=kind,
            person=person,
            post=post,
            rank=rank(post),
            organ=court if "法院" in post else government,
            nominated_by="party" if i % 3 else "government",
            meeting=meeting,
            statement="%s：拥护宪法，忠于职守，依法履职，接受监督。" % person if kind == "appoint" else "",
        )
        per_meeting[meeting.pk].append(n.pk)
        return n

    for i in range(45):
        kind = "appoint" if i < 32 else "remove" if i < 41 else "resign"
        n = nominate(i, kind, SURNAMES[i % 20] + "某" + "甲乙丙丁戊"[i % 5], POSTS[i % len(POSTS)], meetings[i % 3])
        if kind == "appoint":
            if i == 0:
                services.exam_exempt(nomination_id=n.pk, legal_basis=EXEMPTION_BASIS, actor=admin)
            elif i == 1:
                services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(55), actor=admin)
                services.exam_record(nomination_id=n.pk, sitting=resit, score=Decimal(78), actor=admin)
            else:
                services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(60 + i % 40), actor=admin)
    # A nominee who failed the exam and its resit: the nomination is withdrawn.
    failed = Nomination.objects.create(
        kind="appoint",
        person="钱某",
        post="区林业局局长",
        organ=government,
        nominated_by="government",
        meeting=meetings[1],
    )
    services.exam_record(nomination_id=failed.pk, sitting=sitting, score=Decimal(52), actor=admin)
    services.exam_record(nomination_id=failed.pk, sitting=resit, score=Decimal("58.5"), actor=admin)
    # An appointment the committee voted down: the post stays unfilled.
    down = nominate(99, "appoint", "郑某", "区应急管理局局长", meetings[2])
    services.exam_record(nomination_id=down.pk, sitting=sitting, score=Decimal(81), actor=admin)
    against.add(down.pk)
    for meeting in meetings:
        poll = services.vote_open(meeting_id=meeting.pk, nomination_ids=per_meeting[meeting.pk], actor=admin)
        _vote(poll, admin, against)
        services.vote_settle(poll_id=poll.pk, actor=admin)
        appointed = list(
            Nomination.objects.filter(meeting=meeting, kind="appoint", status="adopted").values_list("pk", flat=True)
        )
        services.oath_record(
            date=meeting.date,
            kind="group",
            leader="区人大常委会主任",
            nomination_ids=appointed,
            meeting=meeting,
            actor=admin,
        )
    # Performance reviews of three April appointees at the October meeting; one report came late.
    last = meetings[2]
    reviewed = list(Nomination.objects.filter(meeting=meetings[0], kind="appoint").order_by("pk")[:3])
    reviews = []
    for j, n in enumerate(reviewed):
        review = services.review_create(nomination_id=n.pk, meeting_id=last.pk, actor=admin)
        filed = review.report_due - dt.timedelta(days=3) if j else review.report_due + dt.timedelta(days=4)
        services.review_report_file(
            review_id=review.pk,
            report="%s述职报告：任职以来的学习、履职、廉洁情况。" % n.person,
            actor=admin,
            today=filed,
        )
        reviews.append(review.pk)
    poll = services.review_vote_open(meeting_id=last.pk, review_ids=reviews, actor=admin)
    poll = engine.poll_open(poll_id=poll.pk, actor=admin)
    options = list(poll.options.all())
    for k, voter in enumerate(v.user for v in poll.voters.select_related("user").order_by("user_id")):
        engine.ballot_cast(poll_id=poll.pk, voter=voter, choices={o.pk: "A" if k % 4 == 1 else "Y" for o in options})
    engine.poll_close(poll_id=poll.pk, actor=admin)
    if poll.status != PollStatus.PUBLISHED:
        engine.poll_publish(poll_id=poll.pk, actor=admin)
    services.review_settle(poll_id=poll.pk, actor=admin)
    return {"created": True}


@transaction.atomic
def seed_appointments_2022() -> dict:
    """34 person-times (26 appointments after the exam, 6 removals, 2 resignations) adopted at two
    2022 meetings, each meeting's nominations in one slate vote, then the oath; once."""
    if Nomination.objects.filter(decided_on__year=2022).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    if not User.objects.filter(groups__name=Role.MEMBER, is_active=True).exists():
        return {"created": False}
    government = Organization.objects.get(name="汉滨区人民政府")
    court = Organization.objects.get(name="汉滨区人民法院")
    sitting = ExamSitting.objects.create(
        date=dt.date(2022, 6, 10), place="区人大常委会会议室", paper="任前法律知识考试（2022年）"
    )
    meetings = [_meeting(title, date, admin) for title, date in MEETINGS_2022]
    per_meeting: dict[int, list[int]] = {m.pk: [] for m in meetings}
    for i, kind in enumerate(KINDS_2022):
        post = POSTS[(i + 3) % len(POSTS)]
        person = SURNAMES[(i + 7) % 20] + "某" + "子丑"[i // 20]
        n = Nomination.objects.create(
            kind=kind,
            person=person,
            post=post,
            rank=rank(post),
            organ=court if "法院" in post else government,
            nominated_by="party" if i % 3 else "government",
            meeting=meetings[i % 2],
            statement="%s：拥护宪法，忠于职守，依法履职，接受监督。" % person if kind == "appoint" else "",
        )
        per_meeting[n.meeting_id].append(n.pk)
        if kind == "appoint":
            services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(62 + i % 35), actor=admin)
    for meeting in meetings:
        poll = services.vote_open(meeting_id=meeting.pk, nomination_ids=per_meeting[meeting.pk], actor=admin)
        _vote(poll, admin)
        services.vote_settle(poll_id=poll.pk, actor=admin)
        appointed = list(
            Nomination.objects.filter(meeting=meeting, kind="appoint", status="adopted").values_list("pk", flat=True)
        )
        services.oath_record(
            date=meeting.date,
            kind="group",
            leader="区人大常委会主任",
            nomination_ids=appointed,
            meeting=meeting,
            actor=admin,
        )
    return {"created": True}
