"""The proposals app's URLs in the permission matrix (tests/test_permission_matrix.py)."""

from congress.testing import expect

POST_ONLY = expect(302, 405, 405, 405, 405, 405, 405)
STAFF_POST = expect(302, 403, 403, 403, 405, 403, 405)
UNIT_POST = expect(302, 403, 405, 403, 403, 403, 405)
LEADER_POST = expect(302, 403, 403, 403, 403, 405, 405)
OVERSEERS = expect(302, 403, 403, 403, 200, 200, 200)
SEEN = expect(anon=302, member=404)  # the demo deputy's proposal at the demo unit: others get 404


def OBJECTS(role_users):
    import datetime as dt

    from django.utils import timezone

    from congress.models import Organization
    from proposals import services
    from proposals.tests.factories import draft, pdf

    staff, unit = role_users["staff"], role_users["unit"]
    p = draft(role_users)
    attachment = services.attachment_add(proposal_id=p.pk, upload=pdf("附件.pdf"), actor=role_users["deputy"])
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    services.proposal_register(proposal_id=p.pk, actor=staff)
    lead, assist = services.proposal_assign(
        proposal_id=p.pk,
        lead=unit.organization,
        actor=staff,
        assisting=[Organization.objects.get(name="区财政局")],
        on=timezone.localdate(),
    )
    extension = services.extension_request(
        assignment_id=lead.pk, new_deadline=lead.deadline + dt.timedelta(days=30), reason="需要调研", actor=unit
    )
    reassignment = services.reassignment_request(
        assignment_id=assist.pk, reason="不属于本单位职责", actor=role_users["admin"]
    )
    p.refresh_from_db()
    return {
        "proposal": p,
        "lead_assignment": lead,
        "attachment": attachment,
        "extension": extension,
        "reassignment": reassignment,
    }


def _p(o):
    return {"pk": o["proposal"].pk}


def _a(o):
    return {"pk": o["lead_assignment"].pk}


def _category(o):
    from proposals.models import Category

    return {"pk": Category.objects.order_by("pk").values_list("pk", flat=True).first()}


STAFF_ONLY = expect(302, 403, 403, 403, 200, 403, 200)

MATRIX = {
    "proposals:index": (None, expect(anon=302)),
    "proposals:category_list": (None, STAFF_ONLY),
    "proposals:category_create": (None, STAFF_ONLY),
    "proposals:category_detail": (_category, STAFF_ONLY),
    "proposals:category_update": (_category, STAFF_ONLY),
    "proposals:published": (None, expect()),
    "proposals:new": (None, expect(anon=302, unit=403, member=403, staff=403, leader=403, admin=404)),
    "proposals:similar": (None, expect(anon=302)),
    "proposals:proposal": (_p, SEEN),
    "proposals:attachment": (lambda o: {"pk": o["attachment"].pk}, SEEN),
    "proposals:edit": (_p, expect(302, 404, 403, 403, 403, 403, 404)),  # a draft's, its author's alone
    "proposals:withdraw": (_p, POST_ONLY),
    "proposals:attachment_remove": (lambda o: {"pk": o["attachment"].pk}, POST_ONLY),
    "proposals:submit": (_p, POST_ONLY),
    "proposals:cosign": (_p, POST_ONLY),
    "proposals:evaluate": (_p, POST_ONLY),
    "proposals:register": (_p, STAFF_POST),
    "proposals:not_register": (_p, STAFF_POST),
    "proposals:merge": (_p, STAFF_POST),
    "proposals:assign": (_p, STAFF_POST),
    "proposals:publish": (_p, STAFF_POST),
    "proposals:supervise": (_p, LEADER_POST),
    "proposals:visit": (_p, LEADER_POST),
    "proposals:follow_up": (_p, UNIT_POST),
    "proposals:reply": (_a, UNIT_POST),
    "proposals:opinion": (_a, UNIT_POST),
    "proposals:extension": (_a, UNIT_POST),
    "proposals:reassign": (_a, UNIT_POST),
    "proposals:unit": (None, expect(302, 403, 200, 403, 403, 403, 200)),
    "proposals:manage": (None, OVERSEERS),
    "proposals:bulk_assign": (None, STAFF_POST),
    "proposals:requests": (None, expect(302, 403, 403, 403, 200, 403, 200)),
    "proposals:extension_decide": (lambda o: {"pk": o["extension"].pk}, STAFF_POST),
    "proposals:reassignment_decide": (lambda o: {"pk": o["reassignment"].pk}, STAFF_POST),
    "proposals:statistics": (None, OVERSEERS),
    "proposals:statistics_xlsx": (None, OVERSEERS),
}

STAFF_ADMIN = {
    "admin:proposals_proposalrules_changelist",
    "admin:proposals_proposalrules_add",
    "admin:proposals_proposal_changelist",
    "admin:proposals_assignment_changelist",
}
NO_ADD = {
    "admin:proposals_%s_add" % m
    for m in (
        "proposal",
        "assignment",
        "reply",
        "evaluation",
        "extension",
        "reassignment",
        "followup",
        "supervisionvisit",
        "attachment",
        "cosignature",
    )
}
