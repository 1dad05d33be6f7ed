"""Demo report years: 2023 (published, with the seed summary's narrative) and 2022; media articles."""

import datetime as dt

from django.db import transaction

from reports.models import Article, Narrative, Part, ReportYear

NARRATIVE = {
    Part.POLITICAL: "人大及其常委会是党领导下的政治机关。2023年，汉滨区人大常委会始终坚持以政治建设为统领，把党的领导贯穿于人大工作各方面全过程。",
    Part.PEOPLE: "悠悠万事，民生为大。汉滨区人大常委会不断探索完善和改进践行全过程人民民主的方式方法，聚焦群众关注的民生实事。",
    Part.DEPUTIES: "过去的一年，为充分发挥人大代表的桥梁和纽带作用，汉滨区人大常委会坚持培训赋能，以代表小组为单位，开展代表集中学习、重点项目调研活动。",
    Part.SELF: "打铁还需自身硬。汉滨区人大常委会坚持把自身建设作为履职尽责的基础，加强机关建设，讲好人大故事。",
}
OUTLETS = ["安康日报", "安康电视台", "陕西人大网", "汉滨发布", "中国人大网"]


@transaction.atomic
def seed_reports() -> dict:
    year, created = ReportYear.objects.get_or_create(year=2023, defaults={"title": "履职尽责 践行为民初心",
                                                                           "published": True})
    ReportYear.objects.get_or_create(year=2022, defaults={"published": True})
    if not created:
        return {"created": False}
    for order, (part, text) in enumerate(NARRATIVE.items()):
        Narrative.objects.create(report=year, part=part, order=order, text=text,
                                 photo_caption="高井中学建设项目新校区" if part == Part.PEOPLE else "")
    Article.objects.bulk_create(
        [Article(title="汉滨区人大常委会工作动态（%d）" % (i + 1), outlet=OUTLETS[i % len(OUTLETS)],
                 published_on=dt.date(2023, 1 + i % 12, 1 + i % 28)) for i in range(412)]
        + [Article(title="2022年工作动态（%d）" % (i + 1), outlet=OUTLETS[i % len(OUTLETS)],
                   published_on=dt.date(2022, 1 + i % 12, 1 + i % 28)) for i in range(318)])
    return {"created": True}
