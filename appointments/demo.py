"""Demo appointments for 2023: 45 person-times (32 appointments, 9 removals, 4 resignations), each
appointment through the exam (one resit, one exemption), the vote and a group oath."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from appointments import services
from appointments.models import ExamSitting, Nomination
from congress.models import Organization, User

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
POSTS = ["区发展和改革局局长", "区教育体育和科技局局长", "区民政局局长", "区财政局局长", "区住房和城乡建设局局长",
         "区人民法院审判员", "区人民检察院检察员", "区卫生健康局局长", "区水利局局长", "区审计局局长"]


@transaction.atomic
def seed_appointments() -> dict:
    if Nomination.objects.filter(decided_on__year=2023).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    government = Organization.objects.get(name="汉滨区人民政府")
    court = Organization.objects.get(name="汉滨区人民法院")
    sitting = ExamSitting.objects.create(date=dt.date(2023, 3, 20), place="区人大常委会会议室", paper="任前法律知识考试（宪法及相关法）")
    resit = ExamSitting.objects.create(date=dt.date(2023, 3, 27), place="区人大常委会会议室", paper="任前法律知识考试（补考）")
    appointed = []
    for i in range(45):
        kind = "appoint" if i < 32 else "remove" if i < 41 else "resign"
        n = Nomination.objects.create(kind=kind, person=SURNAMES[i % 20] + "某" + "甲乙丙丁戊"[i % 5],
                                      post=POSTS[i % len(POSTS)], organ=court if "法院" in POSTS[i % len(POSTS)] else government,
                                      nominated_by="party" if i % 3 else "government",
                                      meeting="区十九届人大常委会第%d次会议" % (10 + i % 6))
        if kind == "appoint":
            if i == 0:
                services.exam_exempt(nomination_id=n.pk, reason="连任同级同类职务", actor=admin)
            elif i == 1:
                services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(55), actor=admin)
                services.exam_record(nomination_id=n.pk, sitting=resit, score=Decimal(78), actor=admin)
            else:
                services.exam_record(nomination_id=n.pk, sitting=sitting, score=Decimal(70 + i % 30), actor=admin)
        services.vote_record(nomination_id=n.pk, votes_for=27, votes_against=0, votes_abstain=1, members=29,
                             on=dt.date(2023, 4 + i % 8, 26), actor=admin)
        if kind == "appoint":
            appointed.append(n.pk)
    services.oath_record(date=dt.date(2023, 12, 28), kind="group", leader="区人大常委会主任",
                         nomination_ids=appointed, actor=admin)
    return {"created": True}
