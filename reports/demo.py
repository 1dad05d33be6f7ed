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
NARRATIVE_2022 = {
    Part.POLITICAL: "2022年，汉滨区人大常委会坚持党的领导，认真落实区委决策部署，依法履行各项职权。",
    Part.PEOPLE: "常委会围绕乡村振兴、义务教育和安全生产等群众关心的问题开展监督，推动民生实事落地见效。",
    Part.DEPUTIES: "换届后的新一届代表积极参加学习培训，深入联络站接待群众，闭会期间提出建议68件。",
    Part.SELF: "常委会加强机关制度建设，完善工作规则，提升服务代表和常委会组成人员的水平。",
}
OUTLETS = ["安康日报", "安康电视台", "陕西人大网", "汉滨发布", "中国人大网"]


PHOTOS = {  # part → (caption, colours of a drawn picture: sky, ground, building)
    Part.POLITICAL: ("常委会党组理论学习中心组集中学习", ("#f3e3c3", "#a61b1b", "#f7f7f7")),
    Part.PEOPLE: ("高井中学建设项目新校区", ("#cfe6f7", "#7aa35b", "#d9c7a7")),
    Part.DEPUTIES: ("代表在联络站接待群众", ("#e8eef3", "#b9b9b9", "#c0392b")),
    Part.SELF: ("机关干部业务培训", ("#eef3e8", "#6b8e9f", "#f0e0c0")),
}

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h;
# a year's report is written in the January after it.
HISTORY_DATES = {
    "reports.ReportYear": "make_date(h.year + 1, 1, 20)",
    "reports.Narrative": "(SELECT make_date(year + 1, 1, 15) FROM reports_reportyear WHERE id = h.report_id)",
    "reports.Article": "h.published_on",
}


def demo_photo(colours, name):
    """A small drawn PNG (sky, ground, a building with windows): demo pictures made, not shipped."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    sky, ground, building = colours
    image = Image.new("RGB", (640, 360), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 640, 360), fill=ground)
    draw.rectangle((180, 110, 460, 260), fill=building, outline="#555555", width=3)
    for row in range(3):
        for col in range(6):
            x, y = 200 + col * 42, 128 + row * 40
            draw.rectangle((x, y, x + 24, y + 22), fill="#5b7fa6")
    out = BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@transaction.atomic
def seed_reports() -> dict:
    """Through the services (checked and audited as staff would write it), once."""
    from congress.audit import as_actor
    from congress.models import User
    from reports import services

    _articles(2023, 412, "汉滨区人大常委会工作动态（%d）")
    _articles(2022, 318, "2022年工作动态（%d）")
    staff = User.objects.get(username="staff")
    created = not ReportYear.objects.filter(year=2023).exists()
    if created:
        report = services.report_year_ensure(year=2023, actor=staff)
        report.title = "履职尽责 践行为民初心"
        as_actor(report, staff).save(update_fields=["title"])
        for i, (part, text) in enumerate(NARRATIVE.items()):
            caption, colours = PHOTOS[part]
            services.narrative_save(
                year=2023,
                part=part,
                text=text,
                photo_caption=caption,
                photo=demo_photo(colours, "2023-%d.png" % (i + 1)),
                actor=staff,
            )
        services.report_year_publish(year=2023, published=True, actor=staff)
    if not Narrative.objects.filter(report__year=2022).exists():  # the thinner year: words, no photos
        services.report_year_ensure(year=2022, actor=staff)
        for part, text in NARRATIVE_2022.items():
            services.narrative_save(year=2022, part=part, text=text, actor=staff)
        services.report_year_publish(year=2022, published=True, actor=staff)
        created = True
    return {"created": created}


def _articles(year, count, title):
    """The year's media articles, once (a year that has any is left alone)."""
    if not Article.objects.filter(published_on__year=year).exists():
        Article.objects.bulk_create(
            [
                Article(
                    title=title % (i + 1),
                    outlet=OUTLETS[i % len(OUTLETS)],
                    published_on=dt.date(year, 1 + i % 12, 1 + i % 28),
                )
                for i in range(count)
            ]
        )
