"""The staff proposal list's filters with the year the annual report's figures link to."""

from django.utils.translation import gettext_lazy as _

from congress.filters import year_filter
from proposals.forms import ProposalFilter


class ProposalYearFilter(ProposalFilter):
    """``?year=2023``: proposals submitted in the year (what "proposals received" counts)."""

    year = year_filter("submitted_on", label=_("Year submitted"))

    class Meta(ProposalFilter.Meta):
        fields = []
