"""Permission-matrix entries for the public site and the annual report."""


from congress.testing import expect  # noqa: E402


PUBLIC = expect()
VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
# 2023 is published; 2019 exists but is not: only staff, leaders and admins see it.
UNPUBLISHED = expect(anon=404, deputy=404, unit=404, member=404)


def OBJECTS(role_users):
    from reports.models import Narrative, ReportYear

    year = ReportYear.objects.get_or_create(year=2023, defaults={"published": True})[0]
    ReportYear.objects.get_or_create(year=2019, defaults={"published": False})
    narrative = Narrative.objects.get_or_create(report=year, part="deputies", defaults={"text": "代表工作综述"})[0]
    import datetime as dt

    from reports.models import Article

    article = Article.objects.create(title="人大代表履职故事", outlet="安康日报", published_on=dt.date(2023, 5, 1))
    return {"reportyear": year, "narrative": narrative, "article": article}


MATRIX = {
    "reports:report_latest": (None, expect(302, 302, 302, 302, 302, 302, 302)),
    "reports:report": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_data": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_xlsx": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_csv": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_pdf": (lambda o: {"year": 2023}, PUBLIC),
}
for model in ("reportyear", "narrative", "article"):
    MATRIX["reports:%s_list" % model] = (None, VIEW)
    MATRIX["reports:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["reports:%s_create" % model] = (None, MANAGE)
    MATRIX["reports:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
