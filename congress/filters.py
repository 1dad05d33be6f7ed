import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings

from congress.models import Congress, Organization, Session, Term
from congress.validators import MAX_YEAR, MIN_YEAR


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter's select whose empty option reads "全部" (the filter's empty label), not "未知"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", filter_settings.EMPTY_CHOICE_LABEL), ("true", _("Yes")), ("false", _("No")))


class YesNoFilterField(forms.NullBooleanField):
    widget = AnyYesNoSelect


# Every BooleanFilter (declared, or generated for a model's BooleanField) builds its form field from
# this class when a form is made; set here once for the project, since each app's filters import
# this module and the URLconf imports it before any form is rendered.
django_filters.BooleanFilter.field_class = YesNoFilterField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # "2023.5" and "1e400" are form errors, not decimals


def year_filter(date_field: str = "", lookup: str = "year", label=_("Year"), **kwargs) -> YearFilter:
    """``?year=2023`` on ``date_field`` (or through the FilterSet's ``method``): a whole number between
    1949 and 2200 (any other value is a form error, never a date the database or Python cannot build)."""
    return YearFilter(
        field_name=date_field, lookup_expr=lookup, label=label, min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs
    )


def year_filterset(model, date_field: str, fields=(), lookup: str = "year") -> type[django_filters.FilterSet]:
    """A staff list's filters: the year of ``date_field`` (``?year=2023``, what the annual report's
    figures link to; ``lookup="exact"`` for a field that holds the year itself) and the model's own
    ``fields``."""
    meta = type("Meta", (), {"model": model, "fields": ["year", *fields]})
    year = year_filter(date_field, lookup)
    return type("%sYearFilter" % model.__name__, (django_filters.FilterSet,), {"Meta": meta, "year": year})


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Organization
        fields = ["q", "kind", "congress", "is_handling_unit", "is_nominating_organ", "is_active"]


class CongressFilter(django_filters.FilterSet):
    class Meta:
        model = Congress
        fields = ["level", "is_active"]


class TermFilter(django_filters.FilterSet):
    class Meta:
        model = Term
        fields = ["congress"]


class SessionFilter(django_filters.FilterSet):
    class Meta:
        model = Session
        fields = ["term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = Term.objects.select_related("congress")
