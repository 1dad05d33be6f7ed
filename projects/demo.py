"""Demo livelihood projects: the 2023 district slate (20 adopted of 24, 6.35 亿元 in all, 5.87 亿元 of
the year's plan completed), 100 town projects worth 9.09 亿元, 12 supervision visits with 27
suggestions; and a thinner 2022 (18 projects, 5.58 亿元). Built through the services (vote decided,
progress filed)."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from congress.models import Congress, Level, Organization, Session, Term, User
from meetings import services as engine
from projects import services
from projects.models import Project, Slate


def _voters(prefix: str, n: int, name: str) -> list[User]:
    """Demo accounts of the deputies voting at a session (no password: they only carry ballots)."""
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(username="%s%03d" % (prefix, i), full_name="%s代表%03d" % (name, i + 1), password=password)
            for i in range(n)
        ],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(username__startswith=prefix).order_by("username")[:n])


def _vote(slate: Slate, voters: list[User], counts: dict[int, tuple[int, int, int]], admin: User, on: dt.date):
    """Put the slate to the vote (a secret poll at the session), enter the counted paper ballots,
    close and publish it, then record the decision from the engine's result."""
    services.slate_open_vote(slate_id=slate.pk, actor=admin, electorate=voters)
    slate.refresh_from_db()
    engine.poll_open(poll_id=slate.poll_id, actor=admin)
    options = dict(slate.projects.values_list("pk", "option_id"))
    engine.paper_ballots_enter(
        poll_id=slate.poll_id,
        voters=voters,
        actor=admin,
        counts={options[pid]: {"Y": y, "N": n, "A": a} for pid, (y, n, a) in counts.items()},
    )
    engine.poll_close(poll_id=slate.poll_id, actor=admin)
    engine.poll_publish(poll_id=slate.poll_id, actor=admin)
    return services.slate_decide(slate_id=slate.pk, actor=admin, on=on)


DISTRICT_TITLES = [
    "高井中学建设项目",
    "公园中央幼儿园建设",
    "家庭工坊扶持项目",
    "城区老旧小区改造",
    "农村饮水安全巩固提升",
    "城区停车场建设",
    "社区养老服务中心建设",
    "乡镇卫生院提升改造",
    "城乡公交一体化",
    "农村公路提质",
    "城区排水管网改造",
    "背街小巷亮化",
    "农贸市场改造提升",
    "公共厕所新建改造",
    "中小学食堂改造",
    "城区绿道建设",
    "残疾人康复中心",
    "就业创业孵化基地",
    "江北片区学校扩容",
    "智慧社区建设",
    "城区菜市场新建",
    "全民健身中心",
    "河堤步道建设",
    "农村污水治理",
]


# The slates per year: the congress session that voted them, the district titles and amounts (万元 per
# project: total, the year's plan, completed by year end), the supervision visits and their
# suggestions, and the town projects (count, 万元 each) with the town sessions' numbers and dates.
YEARS = {
    2023: dict(
        session=2,
        titles=DISTRICT_TITLES,
        places=20,
        total=3175,
        plan=3000,
        done=2935,
        voted_on=dt.date(2023, 1, 6),
        visits=12,
        three_suggestions=3,
        towns=100,
        town_wan=909,
        town_session=(2, dt.date(2023, 1, 10)),
    ),
    # 2022: 18 of 21 adopted, 5.58 亿元 in all, 5.13 亿元 completed; 8 visits, 18 suggestions; 80 town
    # projects worth 7.2 亿元. Voted at the first session, in the autumn of 2021.
    2022: dict(
        session=1,
        titles=DISTRICT_TITLES[3:],
        places=18,
        total=3100,
        plan=2900,
        done=2850,
        voted_on=dt.date(2021, 9, 30),
        visits=8,
        three_suggestions=2,
        towns=80,
        town_wan=900,
        town_session=(1, dt.date(2021, 9, 21)),
    ),
}


@transaction.atomic
def seed_projects(year: int = 2023) -> dict:
    plan = YEARS[year]
    district = Congress.objects.get(level=Level.DISTRICT, name="安康市汉滨区人民代表大会")
    session = Session.objects.get(term__congress=district, term__number=19, number=plan["session"])
    if Slate.objects.filter(session=session, year=year).exists():
        return {"created": False}
    admin = User.objects.get(username="admin")
    units = list(Organization.objects.filter(kind="department", congress=district).order_by("pk"))
    places = plan["places"]
    slate = Slate.objects.create(session=session, year=year, places=places, electorate=312)
    for i, title in enumerate(plan["titles"]):
        adopted = i < places
        Project.objects.create(
            slate=slate,
            title=title,
            implementing_unit=units[i % len(units)],
            total_wan=Decimal(plan["total"]) if adopted else Decimal(2000),
            year_plan_wan=Decimal(plan["plan"]) if adopted else Decimal(1000),
            content="%s：按计划完成年度建设任务，惠及周边群众。" % title,
        )
    tallies = {p.pk: ((290 - i) if i < places else 120 + i, 5, 3) for i, p in enumerate(slate.projects.order_by("pk"))}
    adopted = _vote(slate, _voters("hb-deputy-", 300, "区"), tallies, admin, plan["voted_on"])
    done = Decimal(plan["done"])
    for p in adopted:
        services.progress_report_file(
            project=p, date=dt.date(year, 6, 30), completed_wan=done / 2, note="上半年进展顺利", actor=admin
        )
        services.progress_report_file(
            project=p, date=dt.date(year, 12, 20), completed_wan=done, note="年度任务基本完成", actor=admin
        )
        services.project_set_year_end_status(project_id=p.pk, status="completed", on=dt.date(year, 12, 31), actor=admin)
    # supervision visits by the deputy groups, two or three suggestions each, all adopted
    from deputies.models import Deputy

    deputies = list(Deputy.objects.filter(congress=district).order_by("pk")[:36])
    for i in range(plan["visits"]):
        visit = services.inspection_record(
            project=adopted[i],
            date=dt.date(year, 4 + i % 8, 18),
            findings="包片联点代表小组实地查看项目进度",
            participants=deputies[i * 3 : i * 3 + 3],
            actor=admin,
            suggestions=[
                "加快%s进度，确保质量安全（第%d条）" % (adopted[i].title, j + 1)
                for j in range(3 if i < plan["three_suggestions"] else 2)
            ],
        )
        for suggestion in visit.suggestions.all():
            services.suggestion_respond(
                suggestion_id=suggestion.pk, status="adopted", response="已采纳，加快推进", actor=admin
            )
    # the town congresses' projects, spread over the towns
    towns = list(Congress.objects.filter(level=Level.TOWN).order_by("name"))
    total = plan["towns"]
    per_town = [total // len(towns) + (1 if k < total % len(towns) else 0) for k in range(len(towns))]
    number, opened = plan["town_session"]
    for town, count in zip(towns, per_town):
        term = Term.objects.filter(congress=town, number=19).first() or Term.objects.create(
            congress=town, number=19, start_date=dt.date(2021, 9, 20)
        )
        tsession = Session.objects.filter(term=term, number=number).first() or Session.objects.create(
            term=term, number=number, start_date=opened, end_date=opened + dt.timedelta(days=1)
        )
        tslate = Slate.objects.create(session=tsession, year=year, places=count, electorate=40)
        unit = Organization.objects.get(name="%s人民政府" % town.name.replace("汉滨区", "").replace("人民代表大会", ""))
        for k in range(count + 1):
            Project.objects.create(
                slate=tslate,
                title="%s民生实事%d" % (town.name[3:-6], k + 1),
                implementing_unit=unit,
                total_wan=Decimal(plan["town_wan"]) if k < count else Decimal(100),
                year_plan_wan=Decimal(plan["town_wan"]) if k < count else Decimal(100),
                content="镇级民生实事",
            )
        ordered = list(tslate.projects.order_by("pk"))
        _vote(
            tslate,
            _voters("town%d-deputy-" % town.pk, 38, town.name[3:-6]),
            {p.pk: ((35 if i < count else 10), 2, 1) for i, p in enumerate(ordered)},
            admin,
            opened + dt.timedelta(days=1),
        )
    return {"created": True}
