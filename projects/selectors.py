"""Reads for livelihood projects: the public overview and the year's figures."""

from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from congress.models import Level
from projects.models import ADOPTED_STATUSES, Inspection, ProgressReport, Project, Suggestion


def _latest_completed():
    return Subquery(ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")
                    .values("completed_wan")[:1])


def adopted_projects(year: int) -> QuerySet[Project]:
    return (Project.objects.filter(slate__year=year, status__in=ADOPTED_STATUSES)
            .select_related("implementing_unit", "slate__session__term__congress")
            .annotate(completed_wan=_latest_completed()).order_by("slate__session__term__congress__level", "rank", "pk"))


def public_overview(year: int) -> dict:
    """The district's projects one by one, and each town's totals."""
    district = list(adopted_projects(year).filter(slate__session__term__congress__level=Level.DISTRICT))
    towns = (Project.objects.filter(slate__year=year, status__in=ADOPTED_STATUSES,
                                    slate__session__term__congress__level=Level.TOWN)
             .values("slate__session__term__congress__name")
             .annotate(n=Count("pk"), total=Sum("total_wan"), plan=Sum("year_plan_wan"))
             .order_by("slate__session__term__congress__name"))
    return {"district": district, "towns": list(towns),
            "district_total": sum((p.total_wan for p in district), Decimal(0)),
            "district_plan": sum((p.year_plan_wan for p in district), Decimal(0)),
            "district_completed": sum((p.completed_wan or Decimal(0) for p in district), Decimal(0))}


def year_figures(year: int) -> dict:
    def at(level):
        qs = Project.objects.filter(slate__year=year, status__in=ADOPTED_STATUSES,
                                    slate__session__term__congress__level=level)
        return qs.aggregate(n=Count("pk"), total=Sum("total_wan"))
    district, town = at(Level.DISTRICT), at(Level.TOWN)
    completed = (Project.objects.filter(slate__year=year, status__in=ADOPTED_STATUSES,
                                        slate__session__term__congress__level=Level.DISTRICT)
                 .annotate(done=_latest_completed()).aggregate(s=Sum("done"))["s"])
    inspections = Inspection.objects.filter(date__year=year).aggregate(n=Count("pk"))
    suggestions = Suggestion.objects.filter(inspection__date__year=year).count()
    return {"district_projects": district["n"], "district_total_wan": district["total"] or Decimal(0),
            "district_completed_wan": completed or Decimal(0), "town_projects": town["n"],
            "town_total_wan": town["total"] or Decimal(0), "inspections": inspections["n"], "suggestions": suggestions}
