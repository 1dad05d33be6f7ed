from congress.testing import expect  # noqa: E402


POST_ONLY = expect(302, 405, 405, 405, 405, 405, 405)
STAFF_POST = expect(302, 403, 403, 403, 405, 403, 405)


def OBJECTS(role_users):
    from proposals.tests.factories import assigned_proposal

    return {"proposal": assigned_proposal(role_users)}


MATRIX = {
    "proposals:index": (None, expect(anon=302)),
    "proposals:published": (None, expect()),
    "proposals:new": (None, expect(anon=302, unit=403, member=403, staff=403, leader=403, admin=404)),
    # the demo deputy's proposal assigned to the demo unit: others get 404, as if it did not exist
    "proposals:proposal": (lambda o: {"pk": o["proposal"].pk}, expect(anon=302, member=404)),
    "proposals:submit": (lambda o: {"pk": o["proposal"].pk}, POST_ONLY),
    "proposals:register": (lambda o: {"pk": o["proposal"].pk}, STAFF_POST),
    "proposals:not_register": (lambda o: {"pk": o["proposal"].pk}, STAFF_POST),
    "proposals:assign": (lambda o: {"pk": o["proposal"].pk}, STAFF_POST),
    "proposals:reply": (lambda o: {"pk": o["proposal"].pk}, expect(302, 403, 405, 403, 403, 403, 405)),
    "proposals:evaluate": (lambda o: {"pk": o["proposal"].pk}, POST_ONLY),
}
