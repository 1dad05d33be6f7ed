"""Demo proposals: the 19th congress's 2nd session (January 2023) received 257 proposals, all
registered, assigned and replied (100%); 15 commended as excellent. A thinner 2022: the proposals
deputies sent in during the recess after the first session. Built through the services."""

import datetime as dt

from django.db import transaction

from congress.models import Organization, Session, User
from deputies.models import Commendation, Deputy
from proposals import services
from proposals.models import Proposal

TOPICS = [
    "加快城区停车场建设",
    "改善农村饮水安全",
    "加强学校周边交通安全",
    "推进老旧小区改造",
    "完善社区养老服务",
    "提升乡镇卫生院服务能力",
    "加强农产品品牌建设",
    "支持家庭工坊发展",
    "整治河道环境",
    "优化营商环境",
]

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h;
# a proposal's change falls on the day of the step its status records.
HISTORY_DATES = {
    "proposals.Proposal": """CASE h.status
        WHEN 'draft' THEN (SELECT submitted_on - 3 FROM proposals_proposal WHERE id = h.id)
        WHEN 'registered' THEN h.submitted_on + 10
        WHEN 'assigned' THEN (SELECT min(assigned_on) FROM proposals_assignment WHERE proposal_id = h.id)
        WHEN 'replied' THEN (SELECT max(r.replied_on) FROM proposals_reply r
                             JOIN proposals_assignment a ON a.id = r.assignment_id WHERE a.proposal_id = h.id)
        WHEN 'closed' THEN (SELECT max("on") FROM proposals_evaluation WHERE proposal_id = h.id)
        ELSE h.submitted_on END""",
    "proposals.Assignment": "GREATEST(h.assigned_on, h.replied_on, h.withdrawn_on)",
    "proposals.Reply": "h.replied_on",
    "proposals.Evaluation": 'h."on"',
    "proposals.Cosignature": "h.confirmed_at",
    "proposals.Attachment": "h.uploaded_at",
    "proposals.Extension": "h.requested_at",
    "proposals.Reassignment": "h.requested_at",
    "proposals.FollowUp": 'h."on"',
    "proposals.SupervisionVisit": 'h."on"',
}


def spread_status_changes() -> None:
    """Date each status change on the day of the proposal's first history row in that status (run
    after congress.demo.spread_history), so the status history reads like the year it records."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE proposals_statuschange c SET at = d.at FROM (
                   SELECT c.id, (SELECT min(h.history_date) FROM proposals_historicalproposal h
                                 WHERE h.id = c.proposal_id AND h.status = c.new) AS at
                   FROM proposals_statuschange c) d
               WHERE c.id = d.id AND d.at IS NOT NULL AND d.at < c.at"""
        )


@transaction.atomic
def seed_proposals() -> dict:
    session = Session.objects.get(term__congress__name="安康市汉滨区人民代表大会", term__number=19, number=2)
    if Proposal.objects.filter(session=session).exists():
        return {"created": False}
    _seed(session, 257, 2023, published=40, commended=15)
    return {"created": True}


@transaction.atomic
def seed_proposals_2022() -> dict:
    """68 proposals sent in during 2022's recess (闭会期间), under the first session, 8 commended."""
    session = Session.objects.get(term__congress__name="安康市汉滨区人民代表大会", term__number=19, number=1)
    if Proposal.objects.filter(session=session, submitted_on__year=2022).exists():
        return {"created": False}
    _seed(session, 68, 2022, published=10, commended=8)
    return {"created": True}


def _seed(session, count, year, published, commended):
    """``count`` proposals submitted on 5 January of ``year`` (or in the months after, for a recess),
    registered, assigned, replied within the deadline and evaluated, through the services."""
    admin = User.objects.get(username="admin")
    deputies = list(Deputy.objects.filter(term=session.term).order_by("pk")[:count])
    units = list(Organization.objects.filter(kind="department", is_handling_unit=True).order_by("pk"))
    demo_unit = Organization.objects.get(name="区住房和城乡建设局")
    recess = session.start_date.year < year
    for i in range(count):
        d = deputies[i % len(deputies)]
        p = Proposal.objects.create(
            session=session,
            lead=d,
            title="关于%s的建议" % TOPICS[i % len(TOPICS)],
            category=services.category_for(["城乡建设", "社会事业", "经济发展", "农业农村"][i % 4]),
            content="建议有关部门%s，切实解决群众关心的问题。" % TOPICS[i % len(TOPICS)],
        )
        submitted = dt.date(year, 3 + i % 6, 5) if recess else dt.date(year, 1, 5)
        services.proposal_submit(proposal_id=p.pk, actor=d.user or admin, today=submitted)
        services.proposal_register(proposal_id=p.pk, actor=admin)
        lead = demo_unit if i % 10 == 0 else units[i % len(units)]
        services.proposal_assign(proposal_id=p.pk, lead=lead, actor=admin, on=submitted + dt.timedelta(days=36))
        a = p.assignments.get(role="lead")
        services.reply_submit(
            assignment_id=a.pk,
            cls="ABBC"[i % 4],
            text="经研究，答复如下……",
            actor=admin,
            on=submitted + dt.timedelta(days=105),
        )
        services.proposal_evaluate(
            proposal_id=p.pk,
            result="satisfied" if i % 7 else "basic",
            comment="",
            actor=d.user or admin,
            today=submitted + dt.timedelta(days=120),
        )
        if i < published:
            services.proposal_publish(proposal_id=p.pk, publish=True, actor=admin)
        if i < commended:
            Commendation.objects.create(kind="proposal", year=year, deputy=d, citation="优秀代表建议：%s" % p.title)
