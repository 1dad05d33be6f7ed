"""One plausible-year range (congress.validators) for every form, filter and URL parameter."""

import pytest
from django.utils import translation

from congress.validators import MAX_YEAR, MIN_YEAR, year_field, year_in_range


def test_the_range_is_1949_to_2200_inclusive():
    assert (MIN_YEAR, MAX_YEAR) == (1949, 2200)
    assert year_in_range(1949) and year_in_range(2200)
    assert not year_in_range(1948) and not year_in_range(2201)


@pytest.mark.django_db
@pytest.mark.parametrize("form_year", ["statistics", "filter", "field"])
def test_every_year_form_accepts_2150_and_refuses_outside_the_range_in_chinese(form_year):
    """The proposals' statistics form had drifted to 2100: 2150 was refused there only."""
    from django import forms

    from congress.filters import year_filter
    from proposals.forms import StatisticsForm

    def build(value):
        if form_year == "statistics":
            return StatisticsForm({"year": value})
        if form_year == "filter":
            return type("F", (forms.Form,), {"year": year_filter().field})({"year": value})
        return type("F", (forms.Form,), {"year": year_field()})({"year": value})

    with translation.override("zh-hans"):
        assert build("2150").is_valid() and build("1949").is_valid() and build("2200").is_valid()
        for value, message in (("2201", "2200"), ("1948", "1949")):
            form = build(value)
            assert not form.is_valid()
            assert message in form.errors["year"][0] and "确保" in form.errors["year"][0]
