"""Demo data for deputies: the Hanbin district's 19th-term deputies, groups, stations and their
2023 work in the seed's figures (plus a thinner 2022). Idempotent; built through model validation."""

import datetime as dt
import random

from django.db import transaction

from congress.demo import TOWNS
from congress.models import Congress, Level, Organization, Term, User
from deputies.models import (
    Activity,
    ActivityKind,
    ByElection,
    Commendation,
    CommendationKind,
    Contribution,
    Deputy,
    DeputyGroup,
    Entry,
    Gender,
    LiaisonStation,
    OpinionSource,
    OpinionStatus,
    Party,
    PublicOpinion,
    Reception,
    StationKind,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国华明秀兰志强海涛晓燕玉梅春生文静伟丽军红平芳宏波霞勇敏俊杰德林永刚慧琴云飞小龙家瑞新安康汉滨"
OCCUPATIONS = [
    "镇党委书记",
    "社区党支部书记",
    "村党支部书记、村委会主任",
    "中学教师",
    "乡镇卫生院院长",
    "企业董事长",
    "农民专业合作社理事长",
    "区医院主任医师",
    "个体工商户",
    "茶叶种植大户",
    "小学校长",
    "律师事务所主任",
]
OPINION_TOPICS = [
    "村组道路硬化",
    "路灯损坏",
    "饮水安全",
    "农村危房改造",
    "小区物业管理",
    "学校周边交通安全",
    "医保报销",
    "河道垃圾清理",
    "农产品销售难",
    "集镇停车难",
    "养老服务",
    "就业技能培训",
]

# When each record's history happened (congress.demo.spread_history): SQL over its historical row h.
HISTORY_DATES = {
    "deputies.ByElection": "h.date",
    "deputies.Deputy": "COALESCE(h.status_date, (SELECT date FROM deputies_byelection WHERE id = h.by_election_id))",
    "deputies.Reception": "h.date",
    "deputies.PublicOpinion": "GREATEST(h.received_on, h.forwarded_on, h.closed_on)",
    "deputies.Activity": "h.date",
    "deputies.Commendation": "make_date(h.year, 12, 28)",
    "deputies.Contribution": "make_date(h.year, 6, 30)",
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def seed_deputies() -> dict:
    """Build the demo deputies' year; a second run finds it built and changes nothing."""
    district = Congress.objects.get(level=Level.DISTRICT, name="安康市汉滨区人民代表大会")
    term = Term.objects.get(congress=district, number=19)
    if Deputy.objects.filter(term=term).count() >= 300:
        return {"created": False}
    rng = random.Random(2023)
    city = Congress.objects.get(level=Level.CITY)
    city_term = Term.objects.filter(congress=city, number=5).first() or _save(
        Term(congress=city, number=5, start_date=dt.date(2021, 9, 20))
    )

    groups = [_save(DeputyGroup(term=term, name="%s代表小组" % t, area=t)) for t in TOWNS]
    stations = [
        _save(
            LiaisonStation(
                name="%s人大代表之家" % t if t.endswith("街道") else "%s人大代表联络站" % t,
                kind=StationKind.HOME if t.endswith("街道") else StationKind.STATION,
                town=t,
                address="%s便民服务中心二楼" % t,
                schedule="每月10日、25日 9:00—12:00",
            )
        )
        for t in TOWNS
    ]
    by_2023 = [
        _save(ByElection(term=term, date=dt.date(2023, 4, 26), seats=20, note="区十九届人大常委会第十次会议")),
        _save(ByElection(term=term, date=dt.date(2023, 10, 27), seats=15, note="区十九届人大常委会第十五次会议")),
    ]
    city_by = _save(ByElection(term=city_term, date=dt.date(2023, 8, 30), seats=4, note="汉滨区十九届人大常委会补选"))

    deputies = []
    demo_user = User.objects.filter(username="deputy").first()
    for i in range(312):
        g = i % len(TOWNS)
        entry_by = by_2023[0] if 277 <= i < 297 else by_2023[1] if i >= 297 else None
        d = Deputy(
            full_name="陈秀兰" if i == 0 else _name(rng),
            gender=Gender.FEMALE if i % 3 == 0 else Gender.MALE,
            birth_date=dt.date(1960 + i % 30, 1 + i % 12, 1 + i % 28),
            party=Party.CPC if i % 4 else Party.MASSES,
            occupation="%s%s" % (TOWNS[g], rng.choice(OCCUPATIONS)),
            constituency="第%d选区" % (i + 1),
            congress=district,
            term=term,
            group=groups[g],
            station=stations[g],
            entry=Entry.BY_ELECTION if entry_by else Entry.GENERAL,
            by_election=entry_by,
            user=demo_user if i == 0 else None,
            phone="139%08d" % (29150000 + i),
        )
        deputies.append(_save(d))
    for _ in range(4):
        _save(
            Deputy(
                full_name=_name(rng),
                gender=Gender.MALE,
                congress=city,
                term=city_term,
                party=Party.CPC,
                occupation="汉滨区%s" % rng.choice(OCCUPATIONS),
                entry=Entry.BY_ELECTION,
                by_election=city_by,
            )
        )
    for s, station in enumerate(stations):
        station.duty_deputies.set(deputies[s :: len(stations)][:4])

    # 2023: 150 receptions, 3,150 person-times
    receptions = []
    for i in range(150):
        r = _save(
            Reception(
                station=stations[i % len(stations)],
                date=dt.date(2023, 1 + i % 12, 10 if i % 2 else 25),
                visitors=21,
                matters="群众反映%s等问题" % OPINION_TOPICS[i % len(OPINION_TOPICS)],
            )
        )
        r.deputies.set(stations[i % len(stations)].duty_deputies.all()[:2])
        receptions.append(r)
    # 2023: 1,073 opinions collected, 739 resolved in the year
    units = list(Organization.objects.filter(is_handling_unit=True, kind="department"))
    for i in range(1073):
        received = dt.date(2023, 1 + i % 11, 1 + i % 28)
        status = (
            OpinionStatus.RESOLVED
            if i < 739
            else OpinionStatus.EXPLAINED
            if i < 850
            else OpinionStatus.HANDLING
            if i < 1000
            else OpinionStatus.FORWARDED
        )
        final = status in (OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED)
        reception = receptions[i % len(receptions)]
        _save(
            PublicOpinion(
                content="%s：%s" % (reception.station.town, OPINION_TOPICS[i % len(OPINION_TOPICS)]),
                raised_by="" if i % 5 == 0 else _name(rng),
                place=reception.station.town,
                source=OpinionSource.RECEPTION,
                station=reception.station,
                collected_by=deputies[i % len(deputies)],
                received_on=received,
                forwarded_to=units[i % len(units)],
                forwarded_on=received,
                status=status,
                outcome="已协调解决" if status == OpinionStatus.RESOLVED else "已作解释说明" if final else "",
                closed_on=received + dt.timedelta(days=20) if final else None,
            )
        )
    # 2023: 10 deputy-group activities with 40 suggestions
    for i in range(10):
        a = _save(
            Activity(
                kind=ActivityKind.GROUP,
                title="%s开展重点项目调研" % groups[i].name,
                date=dt.date(2023, 3 + i % 9, 12),
                organizer=groups[i].name,
                group=groups[i],
                suggestions_count=4,
            )
        )
        a.participants.set(groups[i].members.all())
    # 2023: 229 person-times attending meetings without vote (列席): 226 over 23 activities, and the demo
    # deputy on the own 列席 lists of the 3 standing-committee meetings that decide (meetings.demo)
    for i in range(23):
        a = _save(
            Activity(
                kind=ActivityKind.ATTENDANCE,
                title="列席区人大常委会第%d次会议" % (8 + i),
                date=dt.date(2023, 1 + i % 12, 20),
                organizer="区人大常委会办公室",
            )
        )
        a.participants.set(deputies[i * 10 : i * 10 + (10 if i < 22 else 6)])
    # 2023: 15 bureau-chief–deputy dialogues
    for i in range(15):
        a = _save(
            Activity(
                kind=ActivityKind.DIALOGUE,
                title="“局长代表面对面”议政议事活动（第%d场）" % (i + 1),
                date=dt.date(2023, 4 + i % 8, 16),
                organizer="区人大常委会代表工作委员会",
                suggestions_count=3,
            )
        )
        a.participants.set(deputies[200 + i * 5 : 205 + i * 5])
    # 2023: 30 excellent deputies
    for d in deputies[:30]:
        _save(
            Commendation(kind=CommendationKind.EXCELLENT_DEPUTY, year=2023, deputy=d, citation="2023年度优秀人大代表")
        )
    _save(Contribution(deputy=deputies[5], year=2023, description="创办社区工厂带动群众就业", jobs=120))
    _save(Contribution(deputy=deputies[9], year=2023, description="捐资助学", donation_wan=12))
    # a thinner 2022
    for i in range(60):
        r = _save(Reception(station=stations[i % len(stations)], date=dt.date(2022, 1 + i % 12, 15), visitors=18))
        r.deputies.set(stations[i % len(stations)].duty_deputies.all()[:1])
    for i in range(400):
        received = dt.date(2022, 1 + i % 12, 1 + i % 28)
        _save(
            PublicOpinion(
                content="2022年群众反映：%s" % OPINION_TOPICS[i % len(OPINION_TOPICS)],
                station=stations[i % len(stations)],
                source=OpinionSource.RECEPTION,
                received_on=received,
                status=OpinionStatus.RESOLVED if i < 260 else OpinionStatus.EXPLAINED,
                outcome="已办结",
                closed_on=min(received + dt.timedelta(days=15), dt.date(2022, 12, 31)),
            )
        )
    for i in range(6):
        _save(
            Activity(
                kind=ActivityKind.GROUP,
                title="2022年代表小组活动%d" % (i + 1),
                date=dt.date(2022, 5 + i, 8),
                group=groups[i],
                suggestions_count=3,
            )
        )
    return {"created": True, "deputies": len(deputies)}


@transaction.atomic
def seed_deputies_2022() -> dict:
    """2022's attendance without vote (列席), dialogues and commendations, thinner than 2023; once."""
    if Activity.objects.filter(kind=ActivityKind.DIALOGUE, date__year=2022).exists():
        return {"created": False}
    deputies = list(
        Deputy.objects.filter(term__congress__level=Level.DISTRICT, term__number=19, entry=Entry.GENERAL).order_by("pk")
    )
    if not deputies:
        return {"created": False}
    for i in range(16):  # 142 person-times over 16 meetings
        a = _save(
            Activity(
                kind=ActivityKind.ATTENDANCE,
                title="列席区人大常委会第%d次会议" % (1 + i),
                date=dt.date(2022, 1 + i % 12, 22),
                organizer="区人大常委会办公室",
            )
        )
        a.participants.set(deputies[i * 9 : i * 9 + (9 if i < 14 else 8)])
    for i in range(10):
        a = _save(
            Activity(
                kind=ActivityKind.DIALOGUE,
                title="“局长代表面对面”议政议事活动（2022年第%d场）" % (i + 1),
                date=dt.date(2022, 4 + i % 8, 16),
                organizer="区人大常委会代表工作委员会",
                suggestions_count=3,
            )
        )
        a.participants.set(deputies[150 + i * 5 : 155 + i * 5])
    for d in deputies[30:55]:
        _save(
            Commendation(kind=CommendationKind.EXCELLENT_DEPUTY, year=2022, deputy=d, citation="2022年度优秀人大代表")
        )
    return {"created": True}


@transaction.atomic
def matrix_objects(role_users) -> dict:
    """One record of each deputies model, the demo deputy's mandate among them (for URL tests)."""
    term = Term.objects.get(congress__level=Level.DISTRICT, number=19)
    group = DeputyGroup.objects.get_or_create(term=term, name="测试代表小组")[0]
    station = LiaisonStation.objects.get_or_create(
        name="测试代表联络站", defaults={"town": "测试镇", "address": "测试"}
    )[0]
    deputy = Deputy.objects.filter(user=role_users["deputy"]).first() or _save(
        Deputy(
            full_name="陈秀兰",
            gender=Gender.FEMALE,
            congress=term.congress,
            term=term,
            group=group,
            station=station,
            user=role_users["deputy"],
            phone="13900000000",
            id_number="610902197503010022",
        )
    )
    by = ByElection.objects.filter(term=term).first() or _save(
        ByElection(term=term, date=dt.date(2023, 4, 26), seats=1)
    )
    reception = Reception.objects.filter(station=station).first() or _save(
        Reception(station=station, date=dt.date(2023, 5, 1), visitors=3)
    )
    opinion = PublicOpinion.objects.filter(station=station).first() or _save(
        PublicOpinion(content="测试社情民意", station=station, received_on=dt.date(2023, 5, 1), contact="13911112222")
    )
    activity = Activity.objects.filter(group=group).first() or _save(
        Activity(kind=ActivityKind.GROUP, title="测试活动", date=dt.date(2023, 5, 2), group=group)
    )
    commendation = Commendation.objects.filter(deputy=deputy).first() or _save(
        Commendation(kind=CommendationKind.EXCELLENT_DEPUTY, year=2023, deputy=deputy, citation="优秀代表")
    )
    contribution = Contribution.objects.filter(deputy=deputy).first() or _save(
        Contribution(deputy=deputy, year=2023, description="捐资助学", donation_wan=2)
    )
    return {
        "deputy": deputy,
        "byelection": by,
        "deputygroup": group,
        "liaisonstation": station,
        "reception": reception,
        "publicopinion": opinion,
        "activity": activity,
        "commendation": commendation,
        "contribution": contribution,
    }
