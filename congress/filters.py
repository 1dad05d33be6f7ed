import django_filters
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, Organization, Session, Term


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
