"""Demo data for the core: the Hanbin district congress and its neighbours, the government's units,
and one demo account per role. Idempotent: a second run changes nothing."""

import datetime as dt

from django.conf import settings
from django.db import transaction

from congress.models import Congress, Level, Organization, OrganizationKind, Role, Session, Term, User
from congress.services import user_ensure

DEMO_PASSWORD_DEFAULT = "hanbin-demo-2023"

TOWNS = [
    "老城街道",
    "新城街道",
    "江北街道",
    "建民街道",
    "关庙镇",
    "张滩镇",
    "瀛湖镇",
    "五里镇",
    "晏坝镇",
    "大竹园镇",
    "洪山镇",
    "茨沟镇",
    "大河镇",
    "沈坝镇",
    "双龙镇",
    "叶坪镇",
    "中原镇",
    "县河镇",
    "石转镇",
    "早阳镇",
    "吉河镇",
    "流水镇",
    "大同镇",
    "谭坝镇",
    "坝河镇",
    "牛蹄镇",
    "紫荆镇",
    "关家镇",
]

DEPARTMENTS = [
    "区发展和改革局",
    "区教育体育和科技局",
    "区公安分局",
    "区民政局",
    "区财政局",
    "区人力资源和社会保障局",
    "区自然资源局",
    "区住房和城乡建设局",
    "区交通运输局",
    "区农业农村局",
    "区水利局",
    "区卫生健康局",
    "区市场监督管理局",
    "区城市管理执法局",
    "区生态环境分局",
    "区文化和旅游广电局",
    "区应急管理局",
    "区审计局",
    "区林业局",
    "区退役军人事务局",
]

OFFICES = [
    "区人大常委会办公室",
    "区人大常委会代表工作委员会",
    "区人大常委会选举任免联络工作委员会",
    "区人大常委会法制工作委员会",
    "区人大常委会财政经济工作委员会",
    "区人大常委会社会建设工作委员会",
]

ACCOUNTS = [
    # username, full name, roles, organization name (or None)
    ("admin", "系统管理员", [Role.ADMIN], None),
    ("staff", "王晓燕", [Role.STAFF], "区人大常委会代表工作委员会"),
    ("leader", "李建国", [Role.LEADER, Role.MEMBER], None),
    ("member", "张志强", [Role.MEMBER], None),
    ("deputy", "陈秀兰", [Role.DEPUTY], None),
    ("unit", "刘海涛", [Role.UNIT], "区住房和城乡建设局"),
]


def demo_password() -> str:
    return getattr(settings, "DEMO_PASSWORD", "") or DEMO_PASSWORD_DEFAULT


def _get_or_create(model, lookup: dict, defaults: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
        obj.full_clean()
        obj.save()
    return obj


@transaction.atomic
def seed_core() -> dict:
    city = _get_or_create(Congress, {"name": "安康市人民代表大会"}, {"level": Level.CITY})
    district = _get_or_create(Congress, {"name": "安康市汉滨区人民代表大会"}, {"level": Level.DISTRICT, "parent": city})
    term = _get_or_create(Term, {"congress": district, "number": 19}, {"start_date": dt.date(2021, 9, 27)})
    for number, start, end in [
        (1, dt.date(2021, 9, 27), dt.date(2021, 9, 30)),
        (2, dt.date(2023, 1, 3), dt.date(2023, 1, 6)),
        (3, dt.date(2024, 1, 4), dt.date(2024, 1, 7)),
    ]:
        _get_or_create(
            Session, {"term": term, "number": number}, {"start_date": start, "end_date": end, "place": "汉滨区会议中心"}
        )
    government = _get_or_create(
        Organization,
        {"congress": district, "name": "汉滨区人民政府"},
        {
            "short_name": "区政府",
            "kind": OrganizationKind.GOVERNMENT,
            "is_handling_unit": True,
            "is_nominating_organ": True,
        },
    )
    for name, kind in [
        ("汉滨区监察委员会", OrganizationKind.SUPERVISORY),
        ("汉滨区人民法院", OrganizationKind.COURT),
        ("汉滨区人民检察院", OrganizationKind.PROCURATORATE),
    ]:
        _get_or_create(
            Organization,
            {"congress": district, "name": name},
            {"kind": kind, "is_handling_unit": True, "is_nominating_organ": True},
        )
    _get_or_create(
        Organization,
        {"congress": district, "name": "中共汉滨区委员会"},
        {"short_name": "区委", "kind": OrganizationKind.PARTY, "is_nominating_organ": True},
    )
    for name in DEPARTMENTS:
        _get_or_create(
            Organization,
            {"congress": district, "name": name},
            {"kind": OrganizationKind.DEPARTMENT, "parent": government, "is_handling_unit": True},
        )
    for name in OFFICES:
        _get_or_create(Organization, {"congress": district, "name": name}, {"kind": OrganizationKind.COMMITTEE_OFFICE})
    for town in TOWNS:
        _get_or_create(
            Organization,
            {"congress": district, "name": "%s人民政府" % town if town.endswith("镇") else "%s办事处" % town},
            {"kind": OrganizationKind.TOWN, "is_handling_unit": True},
        )
        if town.endswith("镇"):
            _get_or_create(Congress, {"name": "汉滨区%s人民代表大会" % town}, {"level": Level.TOWN, "parent": district})
    return {"district": district, "term": term}


@transaction.atomic
def seed_accounts() -> list[User]:
    users = []
    for username, full_name, roles, org_name in ACCOUNTS:
        org = Organization.objects.get(name=org_name) if org_name else None
        users.append(
            user_ensure(
                username=username,
                full_name=full_name,
                roles=[r.value for r in roles],
                password=demo_password(),
                email="%s@example.localhost" % username,
                organization=org,
                is_superuser=(username == "admin"),
            )
        )
    return users
