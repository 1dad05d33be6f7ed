"""Staff list filters for oversight, with the years the annual report's figures link to."""

import django_filters
from django.utils.translation import gettext_lazy as _

from congress.filters import year_filter
from oversight.models import OversightActivity, ReportStatus, SpecialReport


class ActivityFilter(django_filters.FilterSet):
    year = year_filter("start_date", label=_("Year begun"))
    adopted_year = year_filter(label=_("Report adopted in"), method="filter_adopted")

    class Meta:
        model = OversightActivity
        fields = ["year", "kind", "adopted_year"]

    def filter_adopted(self, queryset, name, value):
        return queryset.filter(report_status=ReportStatus.ADOPTED, report_adopted_on__year=value)


class ReportFilter(django_filters.FilterSet):
    GROUPS = [
        ("special", _("Special work, audit and plan reports")),
        ("budget", _("Budget adjustments and final accounts")),
    ]

    year = year_filter("heard_on", label=_("Year heard"))
    group = django_filters.ChoiceFilter(choices=GROUPS, label=_("Kind of report"), method="filter_group")
    in_time_year = year_filter(label=_("Answered in time as of 31 December of"), method="filter_in_time")

    class Meta:
        model = SpecialReport
        fields = ["year", "group", "kind", "in_time_year"]

    def filter_group(self, queryset, name, value):
        from oversight.selectors import BUDGET_KINDS

        budget = queryset.filter(kind__in=BUDGET_KINDS)
        return budget if value == "budget" else queryset.exclude(kind__in=BUDGET_KINDS)

    def filter_in_time(self, queryset, name, value):
        from oversight.selectors import answered_in_time

        return queryset.filter(answered_in_time(value), heard_on__year=value)
