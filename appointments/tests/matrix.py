from congress.testing import expect  # noqa: E402


VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)


def OBJECTS(role_users):
    import datetime as dt

    from appointments.models import ExamSitting, Nomination
    from congress.models import Organization

    org = Organization.objects.get(name="汉滨区人民政府")
    return {"nomination": Nomination.objects.create(kind="appoint", person="测试人", post="区测试局局长", organ=org,
                                                    nominated_by="party"),
            "examsitting": ExamSitting.objects.create(date=dt.date(2023, 3, 1), paper="任前法律知识考试")}


MATRIX = {
    "appointments:exam": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:exempt": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:vote": (lambda o: {"pk": o["nomination"].pk}, POST_ONLY),
    "appointments:oath": (None, MANAGE),
}
for model in ("nomination", "examsitting"):
    MATRIX["appointments:%s_list" % model] = (None, VIEW)
    MATRIX["appointments:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["appointments:%s_create" % model] = (None, MANAGE)
    MATRIX["appointments:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
