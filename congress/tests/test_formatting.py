"""Amounts read the reader's way, through one translated string each: 万/亿 in Chinese, thousands,
millions and billions in English (never "2,30010 thousand yuan")."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from congress.formatting import format_yuan


@pytest.mark.parametrize(
    "value, chinese, english",
    [
        (Decimal("635000000"), "6.35亿元", "635 million yuan"),
        (23_000_000, "2,300万元", "23 million yuan"),
        (Decimal("1234567890"), "12.35亿元", "1.23 billion yuan"),
        (350_000, "35万元", "350,000 yuan"),
        (Decimal("800.50"), "800.5元", "800.5 yuan"),
        (800, "800元", "800 yuan"),
        (0, "0元", "0 yuan"),
        (-23_000_000, "-2,300万元", "-23 million yuan"),
        ("630000000", "6.3亿元", "630 million yuan"),
        (None, "—", "—"),
        ("", "—", "—"),
        ("many", "—", "—"),
        ("NaN", "—", "—"),
    ],
)
def test_amounts_in_chinese_and_english(value, chinese, english):
    with translation.override("zh-hans"):
        assert format_yuan(value) == chinese
    with translation.override("en"):
        assert format_yuan(value) == english


def test_the_wan_filter_in_english_pages():
    template = Template("{% load portal %}{{ total|wan }} / {{ done|wan }}")
    with translation.override("en"):
        assert (
            template.render(Context({"total": Decimal("2300"), "done": Decimal("63500")}))
            == "23 million yuan / 635 million yuan"
        )
    with translation.override("zh-hans"):
        assert template.render(Context({"total": Decimal("2300"), "done": Decimal("63500")})) == "2,300万元 / 6.35亿元"


def test_an_english_page_shows_readable_amounts(client, role_users):
    from projects.demo import seed_projects

    seed_projects(2023)  # the demo's adopted projects, as a visitor sees them
    client.cookies["django_language"] = "en"
    page = client.get("/projects/", {"year": 2023}).content.decode()
    assert "million yuan" in page and "thousand yuan" not in page and "万元" not in page
