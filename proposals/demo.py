"""Demo proposals: the 19th congress's 2nd session (January 2023) received 257 proposals, all
registered, assigned and replied (100%); 15 commended as excellent. A thinner 2022: the proposals
deputies sent in during the recess after the first session. Built through the services."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

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


LIVE_TOPICS = {  # the demo unit's open assignments today: days left (negative: overdue)
    5: "加快汉江沿岸步道贯通",
    20: "增设老旧小区充电设施",
    -4: "整治城区背街小巷积水",
}
LIVE_REPLIED = "改善江北片区公交接驳"
LIVE_COSIGN = "推进社区食堂建设"
LIVE_DRAFT = "加强校外培训机构监管"


def _assigned_on_for(due: dt.date, months: int) -> dt.date:
    """The latest day of assignment whose reply deadline (``months`` later, rest days moved) is not
    after ``due``."""
    from congress.deadlines import deadline_compute

    on = due - dt.timedelta(days=28 * months)
    while deadline_compute(start=on, months=months, event="assigned").date > due:
        on -= dt.timedelta(days=1)
    return on


@transaction.atomic
def seed_live_work() -> dict:
    """Work waiting today for the demo accounts, built through the services (once): the demo unit
    (区住房和城乡建设局) has three open assignments of the third session, due in 5 and 20 days and one
    overdue; the deputy account has a reply to evaluate, a co-signature to confirm and a draft."""
    session = Session.objects.get(term__congress__name="安康市汉滨区人民代表大会", term__number=19, number=3)
    if Proposal.objects.filter(session=session, title="关于%s的建议" % LIVE_REPLIED).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    unit = Organization.objects.get(name="区住房和城乡建设局")
    others = Organization.objects.filter(kind="department", is_handling_unit=True).exclude(pk=unit.pk).order_by("pk")
    me = Deputy.objects.filter(term=session.term, user__username="deputy").first()
    peers = list(Deputy.objects.filter(term=session.term).exclude(pk=getattr(me, "pk", None)).order_by("pk")[:4])
    if me is None or me.user is None or len(peers) < 4:
        return {"created": False}
    today = timezone.localdate()
    months = services.rules_for_congress(session.term.congress_id).reply_months

    def submitted(lead, topic, cosigners=()):
        actor = lead.user or admin
        p = services.proposal_create(
            lead=lead,
            session=session,
            kind="suggestion",
            title="关于%s的建议" % topic,
            category="城乡建设",
            content="建议有关部门%s，切实解决群众关心的问题。" % topic,
            cosigners=cosigners,
            actor=actor,
        )
        return services.proposal_submit(proposal_id=p.pk, actor=actor, today=today - dt.timedelta(days=120))

    for (days, topic), lead in zip(LIVE_TOPICS.items(), peers):
        p = submitted(lead, topic)
        services.proposal_register(proposal_id=p.pk, actor=admin)
        on = _assigned_on_for(today + dt.timedelta(days=days), months)
        services.proposal_assign(proposal_id=p.pk, lead=unit, actor=admin, on=on)

    p = submitted(me, LIVE_REPLIED)
    services.proposal_register(proposal_id=p.pk, actor=admin)
    services.proposal_assign(proposal_id=p.pk, lead=others[0], actor=admin, on=today - dt.timedelta(days=60))
    a = p.assignments.get(role="lead")
    services.reply_submit(
        assignment_id=a.pk,
        cls="B",
        text="经研究，江北片区公交接驳线路已纳入明年公交线网优化计划，将于二季度开通试运行。",
        actor=admin,
        on=today - dt.timedelta(days=3),
    )

    submitted(peers[3], LIVE_COSIGN, cosigners=[me])
    services.proposal_create(
        lead=me,
        session=session,
        kind="suggestion",
        title="关于%s的建议" % LIVE_DRAFT,
        category="社会事业",
        content="（草稿）",
        actor=me.user,
    )
    return {"created": True}
