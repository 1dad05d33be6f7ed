"""Permission-matrix entries for the meetings app (merged by tests/test_permission_matrix.py)."""


def expect(anon=200, deputy=200, unit=200, member=200, staff=200, leader=200, admin=200):
    return {
        "anon": anon,
        "deputy": deputy,
        "unit": unit,
        "member": member,
        "staff": staff,
        "leader": leader,
        "admin": admin,
    }


VIEW = expect(anon=302, deputy=403, unit=403, member=403)  # staff, leader, admin
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)  # staff, admin
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)
TAKE_PART = expect(anon=302, unit=403)
# A standing-committee meeting: members and overseers; deputies see congress sessions only (404).
STANDING = expect(anon=302, deputy=404, unit=403)


def OBJECTS(role_users):
    from meetings.tests.factories import matrix_objects

    return matrix_objects(role_users)


MATRIX = {
    "meetings:index": (None, TAKE_PART),
    "meetings:meeting": (lambda o: {"pk": o["meeting"].pk}, STANDING),
    "meetings:meeting_quorum": (lambda o: {"pk": o["open_meeting"].pk}, STANDING),
    "meetings:minutes_pdf": (lambda o: {"pk": o["open_meeting"].pk}, STANDING),
    "meetings:meeting_open": (lambda o: {"pk": o["meeting"].pk}, POST_ONLY),
    "meetings:attendance": (lambda o: {"pk": o["open_meeting"].pk, "user_id": o["member_id"]}, POST_ONLY),
    "meetings:attendee_add": (lambda o: {"pk": o["open_meeting"].pk}, POST_ONLY),
    "meetings:leave_decide": (lambda o: {"pk": o["leave"].pk}, POST_ONLY),
    "meetings:poll_new": (lambda o: {"pk": o["agendaitem"].pk}, POST_ONLY),
    # the member and the leader are present, so entitled; a deputy is not (404, as if it did not exist)
    "meetings:poll": (lambda o: {"pk": o["poll"].pk}, STANDING),
    "meetings:poll_live": (lambda o: {"pk": o["poll"].pk}, VIEW),
    "meetings:poll_projector": (lambda o: {"pk": o["poll"].pk}, VIEW),
    "meetings:poll_export": (lambda o: {"pk": o["poll"].pk}, VIEW),
    "meetings:poll_paper": (lambda o: {"pk": o["poll"].pk}, MANAGE),
    "meetings:poll_move": (lambda o: {"pk": o["poll"].pk, "action": "close"}, POST_ONLY),
    "meetings:poll_tie": (lambda o: {"pk": o["poll"].pk}, POST_ONLY),
}
for model in ("meeting", "agendaitem", "attendance"):
    MATRIX["meetings:%s_list" % model] = (None, VIEW)
    MATRIX["meetings:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["meetings:%s_create" % model] = (None, MANAGE)
    MATRIX["meetings:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)

STAFF_ADMIN = set()
for model in ("meeting", "agendaitem", "attendance", "leaverequest"):
    STAFF_ADMIN |= {"admin:meetings_%s_changelist" % model, "admin:meetings_%s_add" % model}
