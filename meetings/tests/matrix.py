from congress.testing import expect  # noqa: E402


VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)
TAKE_PART = expect(anon=302, unit=403)


def OBJECTS(role_users):
    import datetime as dt

    from meetings import services
    from meetings.models import AgendaItem, LeaveRequest, Meeting

    meeting = Meeting.objects.create(type="standing", title="第十次会议", date=dt.date(2030, 4, 26))
    item = AgendaItem.objects.create(meeting=meeting, kind="decision", title="关于某事项的决定")
    poll = services.poll_create(item=item, question="表决：关于某事项的决定", actor=role_users["admin"])
    services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    leave = LeaveRequest.objects.create(meeting=meeting, user=role_users["member"], reason="出差")
    return {"meeting": meeting, "agendaitem": item, "poll": poll, "leave": leave,
            "member_id": role_users["member"].pk}


MATRIX = {
    "meetings:index": (None, TAKE_PART),
    # deputies see congress sessions only; this is a standing-committee meeting
    "meetings:meeting": (lambda o: {"pk": o["meeting"].pk}, expect(anon=302, deputy=404, unit=403)),
    "meetings:meeting_open": (lambda o: {"pk": o["meeting"].pk}, POST_ONLY),
    "meetings:attendance": (lambda o: {"pk": o["meeting"].pk, "user_id": o["member_id"]}, POST_ONLY),
    "meetings:leave_decide": (lambda o: {"pk": o["leave"].pk}, POST_ONLY),
    "meetings:poll_new": (lambda o: {"pk": o["agendaitem"].pk}, POST_ONLY),
    # members present are entitled; a deputy is not (404, as if it did not exist)
    "meetings:poll": (lambda o: {"pk": o["poll"].pk}, expect(anon=302, deputy=404, unit=403)),
    "meetings:poll_live": (lambda o: {"pk": o["poll"].pk}, VIEW),
    "meetings:poll_move": (lambda o: {"pk": o["poll"].pk, "action": "close"}, POST_ONLY),
}
for model in ("meeting", "agendaitem"):
    MATRIX["meetings:%s_list" % model] = (None, VIEW)
    MATRIX["meetings:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["meetings:%s_create" % model] = (None, MANAGE)
    MATRIX["meetings:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
