"""Permission-matrix entries for livelihood projects."""


from congress.testing import expect  # noqa: E402


PUBLIC = expect()
VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)


def OBJECTS(role_users):
    from projects.tests.factories import voting_slate_with_adopted

    return voting_slate_with_adopted()


MATRIX = {
    "projects:index": (None, PUBLIC),
    "projects:public_project": (lambda o: {"pk": o["project"].pk}, PUBLIC),
    "projects:idea_new": (None, PUBLIC),
    "projects:slate_open": (lambda o: {"pk": o["slate"].pk}, expect(302, 403, 403, 403, 405, 403, 405)),
    "projects:slate_decide": (lambda o: {"pk": o["voting_slate"].pk}, MANAGE),
}
for model in ("idea", "slate", "project", "progressreport", "inspection", "suggestion"):
    MATRIX["projects:%s_list" % model] = (None, VIEW)
    MATRIX["projects:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["projects:%s_create" % model] = (None, MANAGE)
    MATRIX["projects:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
