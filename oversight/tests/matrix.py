from congress.testing import expect  # noqa: E402


VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)


def OBJECTS(role_users):
    import datetime as dt

    from congress.models import Organization
    from oversight.models import OversightActivity, SpecialReport

    org = Organization.objects.get(name="区民政局")
    return {"oversightactivity": OversightActivity.objects.create(
                kind="research", title="测试调研", start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 3, 2)),
            "specialreport": SpecialReport.objects.create(title="测试报告", organization=org, meeting="第十次会议",
                                                          heard_on=dt.date(2023, 4, 25))}


MATRIX = {
    "oversight:pending": (None, VIEW),
    "oversight:send_opinions": (lambda o: {"pk": o["specialreport"].pk}, POST_ONLY),
    "oversight:record_response": (lambda o: {"pk": o["specialreport"].pk}, POST_ONLY),
}
for model in ("oversightactivity", "specialreport"):
    MATRIX["oversight:%s_list" % model] = (None, VIEW)
    MATRIX["oversight:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["oversight:%s_create" % model] = (None, MANAGE)
    MATRIX["oversight:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
