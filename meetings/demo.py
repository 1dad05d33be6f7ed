"""Demo meetings for 2023 in the seed's numbers (13 party-group meetings, 9 central-group study
sessions, 5 themed study sessions, 3 exchanges, 12 visiting delegations) and standing-committee
meetings whose decisions were put to a poll through the engine."""

import datetime as dt

from django.db import transaction

from congress.models import User
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingType, Presence

PLAN = [(MeetingType.PARTY_GROUP, 13, "区人大常委会党组会议"), (MeetingType.CENTRAL_STUDY, 9, "党组理论学习中心组集体学习"),
        (MeetingType.THEMED_STUDY, 5, "主题教育专题学习"), (MeetingType.EXCHANGE, 3, "主题教育研讨交流"),
        (MeetingType.DELEGATION, 12, "接待外地人大考察交流")]


@transaction.atomic
def seed_meetings() -> dict:
    if Meeting.objects.filter(date__year=2023).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    for kind, count, title in PLAN:
        for i in range(count):
            Meeting.objects.create(type=kind, title="%s（第%d次）" % (title, i + 1), date=dt.date(2023, 1 + i % 12, 12),
                                   place="区人大常委会会议室")
    for i, topic in enumerate(["关于批准2022年区级财政决算的决议", "关于批准2023年区级财政预算调整方案的决议",
                               "关于《安康市汉滨区国土空间总体规划（2021—2035年）》的决议"]):
        meeting = Meeting.objects.create(type=MeetingType.STANDING, title="区十九届人大常委会第%d次会议" % (10 + i * 3),
                                         date=dt.date(2023, 4 + i * 3, 26), place="区人大常委会会议室", convener="主任会议")
        item = AgendaItem.objects.create(meeting=meeting, order=1, kind="decision", title=topic, text=topic + "（全文）")
        services.meeting_open(meeting_id=meeting.pk, actor=admin)
        for row in meeting.attendance.all():
            services.attendance_mark(meeting_id=meeting.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=admin)
        poll = services.poll_create(item=item, question="表决：" + topic, actor=admin)
        services.poll_open(poll_id=poll.pk, actor=admin)
        option = poll.options.get()
        for voter in poll.voters.select_related("user"):
            services.ballot_cast(poll_id=poll.pk, voter=voter.user, choices={option.pk: "Y"})
        services.poll_close(poll_id=poll.pk, actor=admin)
        services.poll_publish(poll_id=poll.pk, actor=admin)
    return {"created": True}
