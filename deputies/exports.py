"""Excel exports of the roster and the year's receptions, opinions and activities (staff only)."""

import itertools

from django.db.models import QuerySet

from congress.exports import xlsx
from deputies import selectors
from deputies.models import Deputy


def _book(title: str, header: list[str], rows) -> bytes:
    return xlsx(title, itertools.chain([header], rows))  # formula-like text stays text


def roster(qs: QuerySet[Deputy]) -> bytes:
    """The roster in the import format (staff copy: mobile numbers included, ID numbers never)."""
    header = [
        "姓名",
        "性别",
        "民族",
        "出生年月",
        "党派",
        "工作单位及职务",
        "选区",
        "代表小组",
        "联络站",
        "手机",
        "状态",
    ]
    rows = (
        (
            d.full_name,
            d.get_gender_display(),
            d.ethnicity,
            d.birth_date.strftime("%Y.%m") if d.birth_date else "",
            d.get_party_display(),
            d.occupation,
            d.constituency,
            d.group.name if d.group else "",
            d.station.name if d.station else "",
            d.phone,
            d.get_status_display(),
        )
        for d in qs.iterator(chunk_size=2000)
    )
    return _book("代表名册", header, rows)


def receptions(year: int) -> bytes:
    qs = selectors.reception_list().filter(date__year=year).prefetch_related("deputies").order_by("date", "pk")
    rows = (
        (r.date, r.station.name, r.visitors, "、".join(d.full_name for d in r.deputies.all()), r.matters) for r in qs
    )
    return _book("接待选民", ["日期", "联络站", "接待人次", "值班代表", "反映事项"], rows)


def opinions(year: int) -> bytes:
    qs = selectors.opinion_list().filter(received_on__year=year).order_by("received_on", "pk")
    rows = (
        (
            o.received_on,
            o.content,
            o.raised_by or "匿名",
            o.place,
            o.station.name if o.station else "",
            o.collected_by.full_name if o.collected_by else "",
            o.forwarded_to.name if o.forwarded_to else "",
            o.get_status_display(),
            o.outcome,
            o.closed_on,
        )
        for o in qs
    )
    return _book(
        "社情民意",
        ["收集日期", "内容", "反映人", "地点", "联络站", "收集代表", "转交单位", "办理状态", "办理结果", "办结日期"],
        rows,
    )


def activities(year: int) -> bytes:
    qs = selectors.activity_list().filter(date__year=year).order_by("date", "pk")
    rows = (
        (
            a.date,
            a.get_kind_display(),
            a.title,
            a.organizer,
            a.group.name if a.group else "",
            a.participant_count,
            a.suggestions_count,
        )
        for a in qs
    )
    return _book("履职活动", ["日期", "类别", "名称", "组织单位", "代表小组", "参加人数", "意见建议数"], rows)
