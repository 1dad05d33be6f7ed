"""Demo data for the core: the Hanbin district congress and its neighbours, the government's units,
and one demo account per role. Idempotent: a second run changes nothing."""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

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


# The standing committee's other members (常委会组成人员): with the leader and the member account, 29 in all.
# They have no password: they only attend and vote.
MEMBERS = (
    "王德明 刘春华 杨志勇 赵丽萍 黄建军 周海燕 吴国平 徐文斌 孙玉兰 马长青 朱红梅 胡永刚 郭晓东 何秀英 "
    "高建华 林志刚 罗淑芬 郑宏伟 梁德胜 谢晓红 宋振华 唐立新 许文静 韩长林 冯玉珍 邓志华 曹建平"
).split()


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


@transaction.atomic
def seed_members() -> list[User]:
    """The standing committee's membership beside the demo accounts (idempotent): accounts
    ``hb-member-01`` … with the member role and no usable password, so the committee's meetings
    and votes have its real number of members (29 with the leader and ``member``)."""
    from congress.roles import sync_role_groups

    group = Group.objects.filter(name=Role.MEMBER).first() or sync_role_groups()[Role.MEMBER]
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(username="hb-member-%02d" % (i + 1), full_name=name, password=password)
            for i, name in enumerate(MEMBERS)
        ],
        ignore_conflicts=True,
    )
    members = list(User.objects.filter(username__startswith="hb-member-").order_by("username"))
    group.user_set.add(*members)
    return members


# Where each app's demo history belongs in time: model label → SQL date expression over its historical
# row ``h`` (its columns as of that change). The rows of a model not named here fall on ``FALLBACK``.
LIVE_FROM = 180  # the demo steps from this order on build the work waiting today (AppConfig.portal["demo"])


def settle_notifications(*, since: dt.datetime) -> int:
    """Mark the notices this run wrote so far as read when written: the past years' events were read in
    their time, so an account's unread notices are today's. Returns how many."""
    from congress.services import notifications_settle

    return notifications_settle(since=since)


FALLBACK = dt.date(2021, 9, 27)  # the term's first day: the offices, towns and accounts were set up
HISTORY_DATES = {
    "congress.Term": "h.start_date",
    "congress.Session": "h.start_date - 20",
}  # congress.DeadlineNote: in projects.demo (a note's day is its start, a project's report its filing)
# Audit lines written without a history row (meetings' ballots): content type → SQL date expression
# over the record's id ``oid``.
AUDIT_DATES = {
    "meetings.Ballot": "(SELECT m.date FROM meetings_ballot b JOIN meetings_poll p ON p.id = b.poll_id "
    "JOIN meetings_agendaitem i ON i.id = p.item_id JOIN meetings_meeting m ON m.id = i.meeting_id "
    "WHERE b.id = oid::uuid)",
}


def spread_history(*, since: dt.datetime, dates: dict[str, str], audit_dates: dict[str, str] | None = None) -> int:
    """Move the history and audit rows written since ``since`` (this seeding run) to the days of the
        events they record: each historical row to its model's date expression in ``dates`` (a record's
        rows keep their order: a day never earlier than its previous row's, minutes apart), its audit
        line (same record, same timestamp) with it; then the audit lines of ``audit_dates``. No day is later than
    two days ago: the work waiting today (a coming meeting, a leave asked for it) was prepared before today. Demo seeding
        only, in bulk: one UPDATE per model. Returns the number of history rows moved."""
    tz = settings.TIME_ZONE
    moved = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            history = getattr(model, "history", None)
            if history is None or model._meta.label.split(".")[1].startswith("Historical"):
                continue
            table, pk = history.model._meta.db_table, model._meta.pk.column
            expr = dates.get(model._meta.label, "NULL")
            ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
            cursor.execute(
                f"""
                WITH d AS (
                    SELECT h.history_id, h.history_date AS old, h.{pk} AS rid,
                           LEAST(COALESCE(({expr})::date, %(fallback)s), current_date - 2) AS day
                    FROM {table} h WHERE h.history_date >= %(since)s
                ), m AS (
                    SELECT history_id, old, rid,
                           ((max(day) OVER w) + time '08:30' + (rid %% 53) * interval '7 minutes'
                            + (row_number() OVER w) * interval '2 minutes') AT TIME ZONE %(tz)s AS new
                    FROM d WINDOW w AS (PARTITION BY rid ORDER BY history_id)
                ), a AS (
                    UPDATE congress_auditentry e SET created_at = m.new FROM m
                    WHERE e.content_type_id = %(ct)s AND e.object_id = m.rid::text AND e.created_at = m.old
                )
                UPDATE {table} h SET history_date = m.new FROM m WHERE h.history_id = m.history_id
                """,
                {"since": since, "fallback": FALLBACK, "tz": tz, "ct": ct.pk},
            )
            moved += cursor.rowcount
        for label, expr in (audit_dates or {}).items():
            ct = ContentType.objects.get_for_model(apps.get_model(label))
            cursor.execute(
                f"""
                UPDATE congress_auditentry e
                SET created_at = (COALESCE((SELECT ({expr}) FROM (SELECT e.object_id AS oid) o), %(fallback)s)
                                  + time '09:00' + (e.id %% 360) * interval '1 second') AT TIME ZONE %(tz)s
                WHERE e.content_type_id = %(ct)s AND e.created_at >= %(since)s
                """,
                {"since": since, "fallback": FALLBACK, "tz": tz, "ct": ct.pk},
            )
    return moved
