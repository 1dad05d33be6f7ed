import django_filters
from django.utils.translation import gettext_lazy as _

from congress.filters import year_filter
from congress.models import Level
from deputies.models import (
    Activity,
    ByElection,
    Commendation,
    Contribution,
    Deputy,
    DeputyGroup,
    LiaisonStation,
    PublicOpinion,
    Reception,
)


class DeputyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, unit or constituency"))
    level = django_filters.ChoiceFilter(field_name="congress__level", choices=Level.choices, label=_("Level"))
    in_office_year = year_filter(label=_("In office on 31 December of"), method="in_office")
    by_election_year = year_filter("by_election__date", label=_("By-elected in"))

    class Meta:
        model = Deputy
        fields = [
            "q",
            "level",
            "term",
            "group",
            "station",
            "status",
            "party",
            "gender",
            "entry",
            "in_office_year",
            "by_election_year",
        ]

    def in_office(self, queryset, name, value):
        import datetime as dt

        from deputies.selectors import in_office_on

        return in_office_on(queryset, dt.date(value, 12, 31))

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(full_name__icontains=value) | Q(occupation__icontains=value) | Q(constituency__icontains=value)
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = self.filters["term"].queryset.select_related("congress")


class PublicDeputyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains", label=_("Name"))
    level = django_filters.ChoiceFilter(field_name="congress__level", choices=Level.choices, label=_("Level"))

    class Meta:
        model = Deputy
        fields = ["q", "level", "group", "station"]


class ReceptionFilter(django_filters.FilterSet):
    year = year_filter("date")

    class Meta:
        model = Reception
        fields = ["year", "station"]


class OpinionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="content", lookup_expr="icontains", label=_("Content contains"))
    year = year_filter("received_on")
    closed_year = year_filter("closed_on", label=_("Year closed"))

    class Meta:
        model = PublicOpinion
        fields = ["q", "year", "closed_year", "status", "source", "station", "forwarded_to"]


class ActivityFilter(django_filters.FilterSet):
    year = year_filter("date")

    class Meta:
        model = Activity
        fields = ["year", "kind", "group"]


class ByElectionFilter(django_filters.FilterSet):
    year = year_filter("date")

    class Meta:
        model = ByElection
        fields = ["year", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = self.filters["term"].queryset.select_related("congress")


class DeputyGroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = DeputyGroup
        fields = ["q", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = self.filters["term"].queryset.select_related("congress")


class StationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    town = django_filters.CharFilter(field_name="town", lookup_expr="icontains", label=_("Town"))

    class Meta:
        model = LiaisonStation
        fields = ["q", "town", "kind", "is_active"]


class CommendationFilter(django_filters.FilterSet):
    year = year_filter("year", lookup="exact")

    class Meta:
        model = Commendation
        fields = ["year", "kind"]


class ContributionFilter(django_filters.FilterSet):
    year = year_filter("year", lookup="exact")

    class Meta:
        model = Contribution
        fields = ["year"]
