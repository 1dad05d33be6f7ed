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
    from reports import services
    from reports.tests.test_editor import png

    public_photo = services.narrative_save(
        year=2023,
        part="people",
        text="民生实事现场",
        photo=png("现场.png"),
        photo_caption="新校区",
        actor=role_users["admin"],
    )
    hidden_photo = services.narrative_save(
        year=2019, part="self", text="机关建设", photo=png("机关.png"), actor=role_users["admin"]
    )
    return {
        "reportyear": year,
        "narrative": narrative,
        "article": article,
        "public_photo": public_photo,
        "hidden_photo": hidden_photo,
    }


MATRIX = {
    "reports:report_latest": (None, expect(302, 302, 302, 302, 302, 302, 302)),
    "reports:report": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_data": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_xlsx": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_csv": (lambda o: {"year": 2023}, PUBLIC),
    "reports:report_pdf": (lambda o: {"year": 2023}, PUBLIC),
    "reports:projects_csv": (lambda o: {"year": 2023}, PUBLIC),
    "reports:proposals_csv": (lambda o: {"year": 2023}, PUBLIC),
    "reports:decisions_csv": (lambda o: {"year": 2023}, PUBLIC),
    # the unpublished year's photo: "not found" for whoever may not see the year (public one: test_editor)
    "reports:narrative_photo": (lambda o: {"pk": o["hidden_photo"].pk}, UNPUBLISHED),
    "reports:narrative_editor_latest": (
        None,
        expect(anon=302, deputy=403, unit=403, member=403, leader=403, staff=302, admin=302),
    ),
    "reports:narrative_editor": (lambda o: {"year": 2019}, MANAGE),
    "reports:narrative_new": (lambda o: {"year": 2023}, MANAGE),
    "reports:narrative_edit": (lambda o: {"year": 2023, "pk": o["public_photo"].pk}, MANAGE),
    "reports:figure_records": (lambda o: {"year": 2023, "key": "deputies.attendance"}, VIEW),
    "reports:report_publish": (
        lambda o: {"year": 2019},
        expect(anon=302, deputy=403, unit=403, member=403, leader=403, staff=405, admin=405),
    ),
}
for model in ("reportyear", "narrative", "article"):
    MATRIX["reports:%s_list" % model] = (None, VIEW)
    MATRIX["reports:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["reports:%s_create" % model] = (None, MANAGE)
    MATRIX["reports:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
