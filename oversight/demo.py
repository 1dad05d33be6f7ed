"""Demo oversight year 2023 in the seed's words: reports on grain production safety, audit
rectification, the environment, primary health care and rural minimum living allowances heard and
reviewed at standing-committee meetings; the 2022 final accounts and the 2023 budget adjustment reviewed
and decided (the meetings demo holds those decisions and their votes); an enforcement inspection of the
Science Popularization Law; ten research reports. A thinner 2022 of the same kinds. Everything goes
through the services."""

import datetime as dt

from django.db import transaction

from congress.models import Organization, User
from deputies.models import Deputy
from meetings.models import AgendaItem, Meeting, MeetingType
from oversight import services
from oversight.models import ActivityKind, OversightActivity, ReportKind, ReportStatus

RESEARCH = [
    "生态旅游产业高质量发展",
    "中心城物业管理与服务",
    "镇级物业管理与服务",
    "优化营商环境工作",
    "基层医疗卫生服务能力建设",
    "农村居民最低生活保障",
    "“十四五”规划实施情况",
    "粮食生产安全",
    "全区环境状况和环境保护目标完成情况",
    "家庭工坊发展",
]
# title, organization, kind, meeting number, date heard
REPORTS = [
    ("粮食生产安全工作情况的报告", "区农业农村局", ReportKind.SPECIAL, 9, dt.date(2023, 2, 24)),
    (
        "2022年度全区环境状况和环境保护目标完成情况的报告",
        "区生态环境分局",
        ReportKind.SPECIAL,
        11,
        dt.date(2023, 5, 30),
    ),
    (
        "2022年度区级预算执行和其他财政收支审计查出问题整改情况的报告",
        "区审计局",
        ReportKind.AUDIT,
        14,
        dt.date(2023, 8, 29),
    ),
    ("全区基层医疗卫生服务能力建设工作情况的报告", "区卫生健康局", ReportKind.SPECIAL, 15, dt.date(2023, 9, 27)),
    ("农村居民最低生活保障工作情况的报告", "区民政局", ReportKind.SPECIAL, 17, dt.date(2023, 11, 28)),
]
# (kind, decision title in the meetings demo, report title)
BUDGET = [
    (ReportKind.ACCOUNTS, "关于批准2022年区级财政决算的决议", "关于2022年区级财政决算的报告"),
    (ReportKind.BUDGET, "关于批准2023年区级财政预算调整方案的决议", "关于2023年区级财政预算调整方案的报告"),
]
OPINIONS = (
    "一、提高思想认识，压实工作责任。\n二、补齐短板弱项，健全长效机制。\n三、加强跟踪问效，按期报告整改落实情况。"
)

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h.
HISTORY_DATES = {
    "oversight.OversightActivity": "COALESCE(h.report_adopted_on, h.start_date)",
    "oversight.SpecialReport": "GREATEST(h.heard_on, h.opinions_sent_on, h.responded_on)",
    "oversight.Document": "h.uploaded_at",
}


def _standing_meeting(number: int, date: dt.date) -> Meeting:
    title = "区十九届人大常委会第%d次会议" % number
    return Meeting.objects.filter(type=MeetingType.STANDING, title=title).first() or Meeting.objects.create(
        type=MeetingType.STANDING, title=title, date=date, place="区人大常委会会议室", convener="主任会议"
    )


@transaction.atomic
def seed_oversight() -> dict:
    """Create the 2023 oversight year once (a second run changes nothing)."""
    from meetings.demo import seed_meetings

    if OversightActivity.objects.filter(start_date__year=2023).exists():
        return {"created": False}
    seed_meetings()  # the decisions on the budget adjustment and final accounts; idempotent
    admin = User.objects.get(username="admin")
    office = Organization.objects.filter(name="区人大常委会财政经济工作委员会").first()
    social = Organization.objects.filter(name="区人大常委会社会建设工作委员会").first()
    members = list(User.objects.filter(groups__name="member").order_by("pk")[:3])
    deputies = list(Deputy.objects.filter(term__number=19, term__congress__level="district").order_by("pk")[:12])
    for i, topic in enumerate(RESEARCH):
        services.activity_create(
            actor=admin,
            kind=ActivityKind.RESEARCH,
            title="关于%s的调研" % topic,
            start_date=dt.date(2023, 3 + i % 9, 8),
            end_date=dt.date(2023, 3 + i % 9, 10),
            office=office if i % 2 else social,
            findings="实地调研、座谈了解情况",
            report="关于%s的调研报告" % topic,
            report_status=ReportStatus.ADOPTED,
            report_adopted_on=dt.date(2023, 3 + i % 9, 28),
            published=True,
            members=members[:2],
            deputies=deputies[i % 4 * 3 : i % 4 * 3 + 3],
        )
    services.activity_create(
        actor=admin,
        kind=ActivityKind.ENFORCEMENT,
        title="《中华人民共和国科学技术普及法》执法检查",
        law="中华人民共和国科学技术普及法",
        start_date=dt.date(2023, 6, 12),
        end_date=dt.date(2023, 6, 16),
        office=social,
        published=True,
        findings="科普工作机制基本健全，基层科普阵地建设仍有短板。",
        members=members,
        deputies=deputies[:6],
        organizations=Organization.objects.filter(name__in=["区教育体育和科技局", "区卫生健康局"]),
    )
    for i, title in enumerate(["全区“十四五”规划实施情况视察", "优化营商环境视察", "重点项目建设视察"]):
        services.activity_create(
            actor=admin,
            kind=ActivityKind.INSPECTION,
            title=title,
            start_date=dt.date(2023, 5 + i, 20),
            end_date=dt.date(2023, 5 + i, 20),
            office=office,
            published=True,
            members=members,
            deputies=deputies[6:12],
            organizations=Organization.objects.filter(name="区发展和改革局"),
        )
    _heard(REPORTS, BUDGET, 2023, answered=4, actor=admin)
    return {"created": True}


RESEARCH_2022 = ["乡村振兴衔接工作", "城区学校布局", "农村人居环境整治", "中小企业发展", "汉江水质保护", "社区养老服务"]
REPORTS_2022 = [
    ("安全生产工作情况的报告", "区应急管理局", ReportKind.SPECIAL, 3, dt.date(2022, 4, 27)),
    (
        "2021年度区级预算执行和其他财政收支审计查出问题整改情况的报告",
        "区审计局",
        ReportKind.AUDIT,
        5,
        dt.date(2022, 8, 30),
    ),
    ("义务教育均衡发展工作情况的报告", "区教育体育和科技局", ReportKind.SPECIAL, 8, dt.date(2022, 11, 29)),
]
BUDGET_2022 = [
    (ReportKind.ACCOUNTS, "关于批准2021年区级财政决算的决议", "关于2021年区级财政决算的报告"),
    (ReportKind.BUDGET, "关于批准2022年区级财政预算调整方案的决议", "关于2022年区级财政预算调整方案的报告"),
]


@transaction.atomic
def seed_oversight_2022() -> dict:
    """Six research reports, an enforcement inspection, two inspections, three reports heard (two
    answered in time) and the two budget decisions of 2022; once."""
    from meetings.demo import seed_meetings_2022

    if OversightActivity.objects.filter(start_date__year=2022).exists():
        return {"created": False}
    seed_meetings_2022()  # the 2022 budget decisions; idempotent
    admin = User.objects.get(username="admin")
    office = Organization.objects.filter(name="区人大常委会财政经济工作委员会").first()
    social = Organization.objects.filter(name="区人大常委会社会建设工作委员会").first()
    members = list(User.objects.filter(groups__name="member").order_by("pk")[:3])
    deputies = list(Deputy.objects.filter(term__number=19, term__congress__level="district").order_by("pk")[12:24])
    for i, topic in enumerate(RESEARCH_2022):
        services.activity_create(
            actor=admin,
            kind=ActivityKind.RESEARCH,
            title="关于%s的调研" % topic,
            start_date=dt.date(2022, 4 + i, 8),
            end_date=dt.date(2022, 4 + i, 9),
            office=office if i % 2 else social,
            findings="实地调研、座谈了解情况",
            report="关于%s的调研报告" % topic,
            report_status=ReportStatus.ADOPTED,
            report_adopted_on=dt.date(2022, 4 + i, 28),
            published=True,
            members=members[:2],
            deputies=deputies[i * 2 : i * 2 + 2],
        )
    services.activity_create(
        actor=admin,
        kind=ActivityKind.ENFORCEMENT,
        title="《中华人民共和国安全生产法》执法检查",
        law="中华人民共和国安全生产法",
        start_date=dt.date(2022, 7, 11),
        end_date=dt.date(2022, 7, 14),
        office=social,
        published=True,
        findings="安全生产责任体系基本建立，基层监管力量仍显薄弱。",
        members=members,
        deputies=deputies[:6],
        organizations=Organization.objects.filter(name="区应急管理局"),
    )
    for i, title in enumerate(["重点项目建设视察", "城区交通秩序整治视察"]):
        services.activity_create(
            actor=admin,
            kind=ActivityKind.INSPECTION,
            title=title,
            start_date=dt.date(2022, 5 + i * 4, 19),
            end_date=dt.date(2022, 5 + i * 4, 19),
            office=office,
            published=True,
            members=members,
            deputies=deputies[6:12],
            organizations=Organization.objects.filter(name="区发展和改革局"),
        )
    _heard(REPORTS_2022, BUDGET_2022, 2022, answered=2, actor=admin)
    return {"created": True}


def _heard(reports, budget, year, answered, actor):
    """Reports heard at standing-committee meetings, the opinions sent ten days later and the first
    ``answered`` of them answered 50 days after that; then the budget reports behind the year's
    budget decisions (the meetings demo's)."""
    for i, (title, org, kind, number, heard) in enumerate(reports):
        organization = Organization.objects.get(name=org)
        meeting = _standing_meeting(number, heard)
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            kind="reviewed",
            title="听取和审议" + title,
            organization=organization,
            opinions=OPINIONS,
        )
        report = services.report_save(
            actor=actor, kind=kind, title=title, organization=organization, item=item, published=True
        )
        sent = report.heard_on + dt.timedelta(days=10)
        services.opinions_send(report_id=report.pk, opinions=OPINIONS, on=sent, actor=actor)
        if i < answered:
            services.response_record(
                report_id=report.pk, text="已按审议意见逐条整改落实。", on=sent + dt.timedelta(days=50), actor=actor
            )
    finance = Organization.objects.get(name="区财政局")
    for kind, decision_title, title in budget:
        decision = AgendaItem.objects.filter(kind="decision", title=decision_title, meeting__date__year=year).first()
        heard = (
            decision and AgendaItem.objects.filter(meeting=decision.meeting, kind="budget").order_by("order").first()
        )
        if heard:
            services.report_save(
                actor=actor, kind=kind, title=title, organization=finance, item=heard, decision=decision, published=True
            )
