"""Permission-matrix entries for appointments."""

from congress.testing import expect  # noqa: E402

PUBLIC = expect()
VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)
MEMBERS = expect(anon=302, deputy=403, unit=403)
UNIT = expect(anon=302, deputy=403, member=403, staff=403, leader=403)  # admin: a superuser, no organization


def OBJECTS(role_users):
    import datetime as dt

    from django.utils import timezone

    from appointments import services
    from appointments.tests import factories as f
    from congress.models import Organization

    held = f.meeting(date=timezone.localdate() - dt.timedelta(days=60), title="区十九届人大常委会第21次会议")
    adopted = f.decided(m=held)
    f.nomination("钱某", "区林业局局长", m=held)  # ready: the meeting page offers it to the vote
    upcoming = f.meeting(
        date=timezone.localdate() + dt.timedelta(days=30), title="区十九届人大常委会第22次会议", open_=False
    )
    review = services.review_create(
        nomination_id=adopted.pk,
        meeting_id=upcoming.pk,
        actor=role_users["admin"],
        unit=Organization.objects.get(name="区住房和城乡建设局"),
    )
    return {
        "nomination": f.nomination("测试人", "区测试局局长", qualified=False),
        "adopted": adopted,
        "examsitting": f.sittings()[0],
        "held": held,
        "upcoming": upcoming,
        "review": review,
        "poll": adopted.poll,
    }


MATRIX = {
    "appointments:public_meeting": (lambda o: {"pk": o["held"].pk}, PUBLIC),
    "appointments:member_home": (None, MEMBERS),
    "appointments:unit_reviews": (None, UNIT),
    "appointments:unit_review": (lambda o: {"pk": o["review"].pk}, dict(UNIT, admin=404)),
    "appointments:pipeline": (None, VIEW),
    "appointments:exam": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:exempt": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:withdraw": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:letter": (lambda o: {"pk": o["adopted"].pk}, VIEW),
    "appointments:exam_scores": (lambda o: {"pk": o["examsitting"].pk}, MANAGE),
    "appointments:exam_export": (lambda o: {"pk": o["examsitting"].pk}, VIEW),
    "appointments:meeting": (lambda o: {"pk": o["held"].pk}, VIEW),
    "appointments:vote_open": (lambda o: {"pk": o["held"].pk}, POST_ONLY),
    "appointments:review_vote": (lambda o: {"pk": o["upcoming"].pk}, POST_ONLY),
    "appointments:meeting_oath": (lambda o: {"pk": o["held"].pk}, MANAGE),
    "appointments:settle": (lambda o: {"pk": o["poll"].pk}, POST_ONLY),
    "appointments:oath": (None, MANAGE),
}
for model in ("nomination", "examsitting", "review"):
    MATRIX["appointments:%s_list" % model] = (None, VIEW)
    MATRIX["appointments:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["appointments:%s_create" % model] = (None, MANAGE)
    MATRIX["appointments:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
