"""Demo oversight year 2023 in the seed's words: reports on grain security, audit rectification, the
environment, primary health care and rural minimum living allowances heard and reviewed; an
enforcement inspection of the Science Popularization Law; ten research reports."""

import datetime as dt

from django.db import transaction

from congress.models import Organization, User
from oversight import services
from oversight.models import ActivityKind, OversightActivity, ReportStatus, SpecialReport

RESEARCH = ["生态旅游产业高质量发展", "中心城物业管理与服务", "镇级物业管理与服务", "优化营商环境工作", "基层医疗卫生服务能力建设",
            "农村居民最低生活保障", "“十四五”规划实施情况", "粮食生产安全", "全区环境状况和环境保护目标完成情况", "家庭工坊发展"]
REPORTS = [("粮食生产安全工作情况的报告", "区农业农村局"), ("2022年度区级预算执行和其他财政收支审计查出问题整改情况的报告", "区审计局"),
           ("2022年度全区环境状况和环境保护目标完成情况的报告", "区生态环境分局"), ("全区基层医疗卫生服务能力建设工作情况的报告", "区卫生健康局"),
           ("农村居民最低生活保障工作情况的报告", "区民政局")]


@transaction.atomic
def seed_oversight() -> dict:
    if OversightActivity.objects.filter(start_date__year=2023).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    for i, topic in enumerate(RESEARCH):
        OversightActivity.objects.create(kind=ActivityKind.RESEARCH, title="关于%s的调研" % topic,
                                         start_date=dt.date(2023, 3 + i % 9, 8), end_date=dt.date(2023, 3 + i % 9, 10),
                                         findings="实地调研、座谈了解情况", report="关于%s的调研报告" % topic,
                                         report_status=ReportStatus.ADOPTED,
                                         report_adopted_on=dt.date(2023, 3 + i % 9, 28), published=True)
    OversightActivity.objects.create(kind=ActivityKind.ENFORCEMENT, title="《中华人民共和国科学技术普及法》执法检查",
                                     law="中华人民共和国科学技术普及法", start_date=dt.date(2023, 6, 12),
                                     end_date=dt.date(2023, 6, 16), published=True)
    for i, title in enumerate(["全区“十四五”规划实施情况视察", "优化营商环境视察", "重点项目建设视察"]):
        OversightActivity.objects.create(kind=ActivityKind.INSPECTION, title=title, start_date=dt.date(2023, 5 + i, 20),
                                         end_date=dt.date(2023, 5 + i, 20), published=True)
    for i, (title, org) in enumerate(REPORTS):
        report = SpecialReport.objects.create(title=title, organization=Organization.objects.get(name=org),
                                              meeting="区十九届人大常委会第%d次会议" % (9 + i * 2),
                                              heard_on=dt.date(2023, 2 + i * 2, 25), published=True)
        sent = report.heard_on + dt.timedelta(days=10)
        services.opinions_send(report_id=report.pk, opinions="一、提高思想认识……\n二、补齐短板弱项……", on=sent, actor=admin)
        if i < 4:
            services.response_record(report_id=report.pk, text="已按审议意见逐条整改落实。",
                                     on=sent + dt.timedelta(days=50), actor=admin)
    return {"created": True}
