"""Permission-matrix entries for livelihood projects."""

from congress.testing import expect  # noqa: E402

PUBLIC = expect()
VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)


def OBJECTS(role_users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects import services
    from projects.tests.factories import voting_slate_with_adopted

    objects = voting_slate_with_adopted()
    photo = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    objects["photo_report"] = services.progress_report_file(
        project=objects["project"],
        date=objects["progressreport"].date,
        completed_wan=objects["progressreport"].completed_wan,
        note="",
        photo=photo,
        actor=role_users["admin"],
    )
    return objects


MATRIX = {
    "projects:index": (None, PUBLIC),
    "projects:public_project": (lambda o: {"pk": o["project"].pk}, PUBLIC),
    "projects:idea_new": (None, PUBLIC),
    "projects:slate_open": (lambda o: {"pk": o["slate"].pk}, expect(302, 403, 403, 403, 405, 403, 405)),
    "projects:slate_decide": (lambda o: {"pk": o["voting_slate"].pk}, MANAGE),
    "projects:slate_satisfaction": (lambda o: {"pk": o["slate"].pk}, MANAGE),
    "projects:my_projects": (None, expect(anon=302, deputy=403, member=403, leader=403)),
    "projects:my_project": (lambda o: {"pk": o["project"].pk}, expect(anon=302, deputy=403, member=403, leader=403)),
    "projects:report_photo": (lambda o: {"pk": o["photo_report"].pk}, expect(anon=302, deputy=404, member=404)),
    "projects:deputy_home": (None, expect(anon=302, unit=403, member=403)),
    "projects:project_year_end": (lambda o: {"pk": o["project"].pk}, MANAGE),
    "projects:idea_screen": (lambda o: {"pk": o["idea"].pk}, POST_ONLY),
    "projects:suggestion_respond": (lambda o: {"pk": o["suggestion"].pk}, POST_ONLY),
    "projects:suggestion_close": (lambda o: {"pk": o["suggestion"].pk}, POST_ONLY),
}
for model in ("idea", "slate", "project", "milestone", "progressreport", "inspection", "suggestion"):
    MATRIX["projects:%s_list" % model] = (None, VIEW)
    MATRIX["projects:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["projects:%s_create" % model] = (None, MANAGE)
    MATRIX["projects:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
