"""Reads for oversight: the year's counts (one call, bounded queries) and pending responses."""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from oversight.models import ActivityKind, OversightActivity, ReportStatus, SpecialReport


def year_figures(year: int) -> dict:
    activities = OversightActivity.objects.aggregate(
        research_reports=Count("pk", filter=Q(kind=ActivityKind.RESEARCH, report_status=ReportStatus.ADOPTED,
                                              report_adopted_on__year=year)),
        inspections=Count("pk", filter=Q(kind=ActivityKind.INSPECTION, start_date__year=year)),
        enforcement=Count("pk", filter=Q(kind=ActivityKind.ENFORCEMENT, start_date__year=year)),
        supervision=Count("pk", filter=Q(kind=ActivityKind.SUPERVISION, start_date__year=year)))
    reports = SpecialReport.objects.filter(heard_on__year=year).aggregate(
        heard=Count("pk"), answered=Count("pk", filter=Q(responded_on__isnull=False)),
        in_time=Count("pk", filter=Q(responded_on__isnull=False, responded_on__lte=F("response_due"))))
    return {**activities, "reports_heard": reports["heard"], "responses": reports["answered"],
            "responses_in_time": reports["in_time"]}


def pending(today: dt.date | None = None) -> QuerySet[SpecialReport]:
    """Review opinions sent and not yet answered, soonest due first, by organization."""
    today = today or timezone.localdate()
    return (SpecialReport.objects.filter(opinions_sent_on__isnull=False, responded_on__isnull=True)
            .select_related("organization").order_by("response_due", "pk"))


def public_year(year: int) -> dict:
    return {
        "activities": list(OversightActivity.objects.filter(published=True, start_date__year=year)
                           .order_by("kind", "start_date")),
        "reports": list(SpecialReport.objects.filter(published=True, heard_on__year=year)
                        .select_related("organization").order_by("heard_on")),
    }
