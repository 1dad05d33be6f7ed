"""The oversight app's search sources. Visibility follows ``selectors.report_get_for`` and
``document_get_for``: staff and leaders see everything; an organization's contact its own reports once
the opinions were sent, and their documents; everyone the published activities and reports (on the
public page of their year)."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.search import SearchSource
from oversight.models import Document, OversightActivity, SpecialReport


def _unit_org(user) -> int | None:
    if user.is_authenticated and user.organization_id and user.has_role(Role.UNIT):
        return user.organization_id
    return None


def activity_list_for(*, user) -> QuerySet[OversightActivity]:
    if user.has_perm("oversight.view_all"):
        return OversightActivity.objects.all()
    return OversightActivity.objects.filter(published=True)


def report_list_for(*, user) -> QuerySet[SpecialReport]:
    qs = SpecialReport.objects.select_related("organization")
    if user.has_perm("oversight.view_all"):
        return qs
    cond = Q(published=True)
    if org := _unit_org(user):
        cond |= Q(organization_id=org, opinions_sent_on__isnull=False)
    return qs.filter(cond)


def document_list_for(*, user) -> QuerySet[Document]:
    qs = Document.objects.select_related("activity", "report")
    if user.has_perm("oversight.view_all"):
        return qs
    if org := _unit_org(user):
        return qs.filter(report__organization_id=org, report__opinions_sent_on__isnull=False)
    return qs.none()


def _public_year(year: int) -> str:
    return "%s?year=%d" % (reverse("oversight:index"), year)


def _activity_url(a, user):
    return a.get_absolute_url() if user.has_perm("oversight.view_all") else _public_year(a.start_date.year)


def _report_url(r, user):
    if user.has_perm("oversight.view_all"):
        return r.get_absolute_url()
    if _unit_org(user) == r.organization_id and r.opinions_sent_on:
        return reverse("oversight:my_report", args=[r.pk])
    return _public_year(r.heard_on.year)


def _document_title(d):
    return "%s · %s" % (d.name, d.report or d.activity)


SOURCES = [
    SearchSource(
        key="oversight_activities",
        label=_("Oversight activities"),
        visible=lambda user: activity_list_for(user=user),
        fields=("title", "law", "findings", "report"),
        url=_activity_url,
        note=lambda a: "%s · %s" % (a.get_kind_display(), a.start_date),
        order=40,
    ),
    SearchSource(
        key="oversight_reports",
        label=_("Reports heard and reviewed"),
        visible=lambda user: report_list_for(user=user),
        fields=("title", "opinions", "response"),
        url=_report_url,
        note=lambda r: "%s · %s" % (r.organization.name, r.heard_on),
        order=50,
    ),
    SearchSource(
        key="oversight_documents",
        label=_("Oversight documents"),
        visible=lambda user: document_list_for(user=user),
        fields=("name",),
        url=lambda d, user: reverse("oversight:document", args=[d.pk]),
        title=_document_title,
        order=60,
    ),
]
