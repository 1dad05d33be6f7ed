"""Demo livelihood projects: the 2023 district slate (20 adopted of 24, 6.35 亿元 in all, 5.87 亿元 of
the year's plan completed), 100 town projects worth 9.09 亿元, 12 supervision visits with 27
suggestions; and a thinner 2022 (18 projects, 5.58 亿元). Built through the services (vote decided,
progress filed)."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from congress.models import Congress, Level, Organization, Session, Term, User
from meetings import services as engine
from projects import services
from projects.models import Project, Slate

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h.
_SESSION_DAY = (
    "(SELECT s.start_date FROM congress_session s JOIN projects_slate sl ON sl.session_id = s.id WHERE sl.id = %s)"
)
HISTORY_DATES = {
    "projects.Idea": "h.received_on",
    "projects.Slate": "COALESCE(h.decided_on, (SELECT start_date - 15 FROM congress_session WHERE id = h.session_id))",
    "projects.Project": "COALESCE(h.year_end_on, CASE WHEN h.status <> 'candidate' THEN "
    "(SELECT decided_on FROM projects_slate WHERE id = h.slate_id) END, %s - 15)" % (_SESSION_DAY % "h.slate_id"),
    "projects.Milestone": "COALESCE(h.done_on, h.due)",
    "projects.ProgressReport": "h.date",
    "projects.Inspection": "h.date",
    # a project's next-report deadline is noted from the day of filing (or today): its report's day
    "congress.DeadlineNote": "COALESCE((SELECT max(r.date) FROM projects_progressreport r WHERE h.field = 'report_due' "
    "AND r.project_id = h.object_id AND r.date <= h.start AND h.content_type_id = "
    "(SELECT id FROM django_content_type WHERE app_label = 'projects' AND model = 'project')), h.start)",
    "projects.Suggestion": "COALESCE(h.closed_on, (SELECT date FROM projects_inspection WHERE id = h.inspection_id))",
}


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


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` 万元 split in proportion to ``weights``, whole 万元, summing exactly to ``total``."""
    parts = [int(total * w / sum(weights)) for w in weights]
    heaviest = sorted(range(len(weights)), key=lambda i: -weights[i])
    for k in range(total - sum(parts)):  # the rounding's remainder, to the largest shares
        parts[heaviest[k % len(heaviest)]] += 1
    return parts


def figures(year: int) -> list[dict]:
    """Each adopted district project's figures for ``year``, drawn once from plausible ranges by
    ``random.Random(year)`` (so every run draws the same): total and the year's planned investment,
    the investment completed by the year end, the year-end status and the votes for / against /
    abstaining (of 300 ballots, distinct and ranked as listed). The sums are the year's: total,
    plan and completed investment of ``YEARS[year]`` times the places."""
    plan = YEARS[year]
    n = plan["places"]
    rng = random.Random(year)
    totals = _split(rng, plan["total"] * n, [rng.uniform(0.25, 2.2) for _ in range(n)])
    # the year's plan: 80–100% of the total, scaled to the year's sum, never above the total
    shares = [rng.uniform(0.8, 1.0) for _ in range(n)]
    plans = [min(t, p) for t, p in zip(totals, _split(rng, plan["plan"] * n, [t * f for t, f in zip(totals, shares)]))]
    for k in range(plan["plan"] * n - sum(plans)):  # what a cap took goes to a project with room
        room = [i for i in range(n) if plans[i] < totals[i]]
        plans[room[k % len(room)]] += 1
    # most finished (完成: the whole plan), some basically (基本完成: 90–99%), a few not (未完成: 70–89%)
    statuses = ["completed"] * n
    order = rng.sample(range(n), n)
    for i in order[: max(1, n // 5)]:
        statuses[i] = "mostly"
    for i in order[max(1, n // 5) : max(1, n // 5) + max(1, n // 10)]:
        statuses[i] = "unfinished"
    short = plan["plan"] * n - plan["done"] * n  # what the year left undone, over the unfinished ones
    weights = [
        plans[i] * (rng.uniform(0.02, 0.09) if s == "mostly" else rng.uniform(0.12, 0.28) if s == "unfinished" else 0)
        for i, s in enumerate(statuses)
    ]
    gaps = _split(rng, short, weights)
    done = [p - g for p, g in zip(plans, gaps)]
    votes_for = sorted(rng.sample(range(232, 297), n), reverse=True)
    rows = []
    for i in range(n):
        against = rng.randint(0, min(12, 300 - votes_for[i]))
        abstain = rng.randint(0, min(8, 300 - votes_for[i] - against))
        rows.append(
            dict(
                total=Decimal(totals[i]),
                plan=Decimal(plans[i]),
                done=Decimal(done[i]),
                status=statuses[i],
                votes=(votes_for[i], against, abstain),
            )
        )
    return rows


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
    rows = figures(year)
    rng = random.Random(year * 7)
    for i, title in enumerate(plan["titles"]):
        row = rows[i] if i < places else None
        losing = Decimal(rng.randrange(600, 4000, 50))  # a candidate not adopted: its own amounts
        Project.objects.create(
            slate=slate,
            title=title,
            implementing_unit=units[i % len(units)],
            total_wan=row["total"] if row else losing,
            year_plan_wan=row["plan"] if row else (losing * Decimal("0.8")).quantize(Decimal(1)),
            content="%s：按计划完成年度建设任务，惠及周边群众。" % title,
        )
    candidates = list(slate.projects.order_by("pk"))
    losers = sorted(rng.sample(range(96, 150), len(candidates) - places), reverse=True)
    tallies = {
        p.pk: rows[i]["votes"] if i < places else (losers[i - places], rng.randint(60, 110), rng.randint(10, 30))
        for i, p in enumerate(candidates)
    }
    _vote(slate, _voters("hb-deputy-", 300, "区"), tallies, admin, plan["voted_on"])
    by_pk = {p.pk: rows[i] for i, p in enumerate(candidates[:places])}
    adopted = list(slate.projects.filter(pk__in=by_pk).select_related("slate").order_by("rank", "pk"))
    for k, p in enumerate(adopted):
        row = by_pk[p.pk]
        half = (row["done"] * Decimal(rng.uniform(0.35, 0.6))).quantize(Decimal(1))
        services.progress_report_file(
            project=p, date=dt.date(year, 6, 30), completed_wan=half, note="上半年进展顺利", actor=admin
        )
        services.progress_report_file(
            project=p,
            date=dt.date(year, 12, 10 + k % 15),
            completed_wan=row["done"],
            note={
                "completed": "年度任务全部完成",
                "mostly": "年度任务基本完成",
                "unfinished": "受征地拆迁影响，部分工程顺延",
            }[row["status"]],
            actor=admin,
        )
        services.project_set_year_end_status(
            project_id=p.pk, status=row["status"], on=dt.date(year, 12, 31), actor=admin
        )
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


def seed_projects_2022() -> dict:
    """The thinner 2022 the report compares with (a demo step: AppConfig.portal["demo"])."""
    return seed_projects(2022)
