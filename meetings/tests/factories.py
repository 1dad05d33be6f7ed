"""Test data for meetings, built through the services where a rule matters."""

import datetime as dt

from congress.models import User
from congress.services import user_ensure
from meetings import services
from meetings.models import AgendaItem, Meeting, Presence


def members(n: int, prefix: str = "m") -> list[User]:
    """Return ``n`` standing-committee members (accounts created once)."""
    return [user_ensure(username="%s%04d" % (prefix, i), full_name="委员%04d" % i, roles=["member"]) for i in range(n)]


def meeting_with_item(
    *, type="standing", date=dt.date(2023, 4, 26), title="区十九届人大常委会第十次会议", kind="decision"
) -> tuple[Meeting, AgendaItem]:
    meeting = Meeting.objects.create(type=type, title=title, date=date, place="区人大常委会会议室")
    item = AgendaItem.objects.create(meeting=meeting, kind=kind, title="关于某事项的决定", text="决定全文")
    return meeting, item


def opened(meeting: Meeting, present: list[User], actor: User) -> Meeting:
    services.meeting_open(meeting_id=meeting.pk, actor=actor)
    for u in present:
        services.attendance_mark(meeting_id=meeting.pk, user_id=u.pk, presence=Presence.PRESENT, actor=actor)
    return meeting


def open_poll(item: AgendaItem, actor: User, **kwargs):
    poll = services.poll_create(
        agenda_item=item, question=kwargs.pop("question", "表决：" + item.title), actor=actor, **kwargs
    )
    return services.poll_open(poll_id=poll.pk, actor=actor)


def matrix_objects(role_users) -> dict:
    """Objects for the permission matrix and the junk-input crawl: a future meeting (leave requests
    open) and an open meeting whose poll the demo member and leader may vote in."""
    admin = role_users["admin"]
    meeting, item = meeting_with_item(date=dt.date(2030, 4, 26), title="区十九届人大常委会第三十次会议")
    leave = services.leave_request_file(
        meeting=meeting, user=role_users["member"], reason="出差", today=dt.date(2030, 4, 1)
    )
    open_meeting, open_item = meeting_with_item(date=dt.date(2030, 5, 26), title="区十九届人大常委会第三十一次会议")
    opened(open_meeting, [role_users["member"], role_users["leader"]], admin)
    services.attendee_add(meeting_id=open_meeting.pk, actor=admin, name="王某", position="区政府副区长")
    poll = open_poll(open_item, admin)
    attendance = open_meeting.attendance.get(user=role_users["member"])
    return {
        "meeting": meeting,
        "open_meeting": open_meeting,
        "agendaitem": item,
        "poll": poll,
        "leave": leave,
        "attendance": attendance,
        "member_id": role_users["member"].pk,
    }
