"""Permission-matrix entries for the deputies app (merged by tests/test_permission_matrix.py)."""

from congress.testing import expect  # noqa: E402

PUBLIC = expect()
VIEW_ALL = expect(anon=302, deputy=403, unit=403, member=403)  # staff, leader, admin
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)  # staff, admin
# The demo deputy's own dossier; 404 for everyone else who may not see it.
OWN_DOSSIER = expect(anon=302, unit=404, member=404)
OTHER_DOSSIER = expect(anon=302, deputy=404, unit=404, member=404)


def OBJECTS(role_users):
    from deputies import demo

    return demo.matrix_objects(role_users)


MATRIX = {
    "deputies:index": (None, PUBLIC),
    "deputies:profile": (lambda o: {"pk": o["deputy"].pk}, PUBLIC),
    "deputies:dossier": (lambda o: {"pk": o["deputy"].pk}, OWN_DOSSIER),
    "deputies:my_dossier": (
        None,
        expect(anon=302, deputy=302, unit=403, member=403, staff=403, leader=403, admin=404),
    ),  # a superuser passes the role check, has no mandate
    "deputies:stations": (None, PUBLIC),
    "deputies:station": (lambda o: {"pk": o["liaisonstation"].pk}, PUBLIC),
    "deputies:import": (None, MANAGE),
    "deputies:opinion_move": (lambda o: {"pk": o["publicopinion"].pk}, expect(302, 403, 403, 403, 405, 403, 405)),
    "deputies:deputy_end_mandate": (lambda o: {"pk": o["deputy"].pk}, expect(302, 403, 403, 403, 405, 403, 405)),
    "deputies:import_confirm": (lambda o: {"token": "0" * 32}, expect(302, 403, 403, 403, 405, 403, 405)),
    "deputies:export_roster": (None, MANAGE),
    "deputies:export_year": (lambda o: {"table": "receptions", "year": 2023}, VIEW_ALL),
}
for model in (
    "deputy",
    "byelection",
    "deputygroup",
    "liaisonstation",
    "reception",
    "publicopinion",
    "activity",
    "commendation",
    "contribution",
):
    MATRIX["deputies:%s_list" % model] = (None, VIEW_ALL)
    MATRIX["deputies:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW_ALL)
    MATRIX["deputies:%s_create" % model] = (None, MANAGE)
    MATRIX["deputies:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)

STAFF_ADMIN = set()
for model in (
    "deputy",
    "byelection",
    "deputygroup",
    "liaisonstation",
    "reception",
    "publicopinion",
    "activity",
    "commendation",
    "contribution",
):
    STAFF_ADMIN |= {"admin:deputies_%s_changelist" % model, "admin:deputies_%s_add" % model}
