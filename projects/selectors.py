"""Reads for livelihood projects: the public overview and the year's figures."""

from decimal import Decimal

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from congress.models import Level
from projects.models import ADOPTED_STATUSES, Inspection, ProgressReport, Project, Suggestion


def latest_completed(year: int | None = None):
    """The investment completed by a project's latest progress report (of ``year`` or before, so a
    later report never rewrites a past year)."""
    reports = ProgressReport.objects.filter(project=OuterRef("pk"))
    if year is not None:
        reports = reports.filter(date__year__lte=year)
    return Subquery(reports.order_by("-date", "-pk").values("completed_wan")[:1])


def current_year(today_year: int) -> int:
    """The latest year up to ``today_year`` whose projects a congress has decided (the projects the
    public can follow now), else ``today_year``."""
    from projects.models import Slate, SlateStatus

    latest = (
        Slate.objects.filter(status=SlateStatus.DECIDED, year__lte=today_year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or today_year


def adopted_projects(year: int) -> QuerySet[Project]:
    return (
        Project.objects.filter(slate__year=year, status__in=ADOPTED_STATUSES)
        .select_related("implementing_unit", "slate__session__term__congress")
        .annotate(completed_wan=latest_completed(year))
        .order_by("slate__session__term__congress__level", "rank", "pk")
    )


TOWNS_SQL = """
SELECT c.name, count(*), sum(p.total_wan), sum(p.year_plan_wan), sum(coalesce(r.completed_wan, 0)),
       count(*) FILTER (WHERE p.status = 'completed'), count(*) FILTER (WHERE p.status = 'mostly')
FROM projects_project p
JOIN projects_slate s ON s.id = p.slate_id
JOIN congress_session se ON se.id = s.session_id
JOIN congress_term t ON t.id = se.term_id
JOIN congress_congress c ON c.id = t.congress_id
LEFT JOIN LATERAL (SELECT completed_wan FROM projects_progressreport WHERE project_id = p.id
                   AND date <= make_date(%s, 12, 31) ORDER BY date DESC, id DESC LIMIT 1) r ON true
WHERE s.year = %s AND p.status = ANY(%s) AND c.level = %s
GROUP BY c.name ORDER BY c.name
"""


def town_totals(year: int) -> list[dict]:
    """Each town's adopted projects: count, total, the year's plan, completed (latest reports up to the
    year's end), and how many completed / basically completed: one query whatever the number of rows."""
    with connection.cursor() as cur:
        cur.execute(TOWNS_SQL, [year, year, list(ADOPTED_STATUSES), Level.TOWN])
        rows = cur.fetchall()
    return [
        {"name": name, "n": n, "total": total, "plan": plan, "completed": done, "finished": fin, "mostly": mostly}
        for name, n, total, plan, done, fin, mostly in rows
    ]


def published_results(year: int) -> list[Project]:
    """Every candidate of the district's slates whose vote result is published, ranked."""
    return list(
        Project.objects.filter(
            slate__year=year, slate__poll__status="published", slate__session__term__congress__level=Level.DISTRICT
        )
        .only("title", "votes_for", "votes_against", "votes_abstain", "rank", "status", "slate_id")
        .order_by("slate_id", "rank", "pk")
    )


def satisfaction(project: Project) -> dict | None:
    """The deputies' year-end satisfaction with ``project`` once its rating poll is published: each
    answer's count (满意/基本满意/不满意) and the share satisfied or basically satisfied, in percent."""
    from meetings.models import PollStatus
    from meetings.services import poll_result

    poll = project.slate.satisfaction_poll
    if poll is None or poll.status != PollStatus.PUBLISHED or not project.satisfaction_option_id:
        return None
    result = poll_result(poll)
    row = next(r for r in result["rows"] if r["option"].pk == project.satisfaction_option_id)
    answered = sum(row["counts"])
    return {
        "answers": list(zip(result["labels"], row["counts"])),
        "answered": answered,
        "rate": round(Decimal(100 * row["approval"]) / answered, 1) if answered else None,
    }


def supervised_by(user) -> QuerySet[Project]:
    """Adopted projects a deputy supervises: through their deputy group, as the supervising leader, or
    having inspected them."""
    return Project.objects.filter(
        Q(supervisors__members__user=user) | Q(supervising_leader=user) | Q(inspections__participants__user=user),
        status__in=ADOPTED_STATUSES,
    ).distinct()


def public_overview(year: int) -> dict:
    """The district's projects one by one, and each town's totals."""
    district = list(adopted_projects(year).filter(slate__session__term__congress__level=Level.DISTRICT))
    towns = town_totals(year)
    return {
        "district": district,
        "towns": towns,
        "results": published_results(year),
        "town_total": sum((t["total"] for t in towns), Decimal(0)),
        "town_completed": sum((t["completed"] for t in towns), Decimal(0)),
        "chart": {
            "titles": [p.title for p in district],
            "plan": [str(p.year_plan_wan) for p in district],
            "completed": [str(p.completed_wan or 0) for p in district],
            "towns": [t["name"] for t in towns],
            "town_plan": [str(t["plan"]) for t in towns],
            "town_completed": [str(t["completed"]) for t in towns],
        },
        "district_total": sum((p.total_wan for p in district), Decimal(0)),
        "district_plan": sum((p.year_plan_wan for p in district), Decimal(0)),
        "district_completed": sum((p.completed_wan or Decimal(0) for p in district), Decimal(0)),
    }


def year_figures(year: int) -> dict:
    def at(level):
        qs = Project.objects.filter(
            slate__year=year, status__in=ADOPTED_STATUSES, slate__session__term__congress__level=level
        )
        return qs.aggregate(n=Count("pk"), total=Sum("total_wan"))

    district, town = at(Level.DISTRICT), at(Level.TOWN)
    completed = (
        Project.objects.filter(
            slate__year=year, status__in=ADOPTED_STATUSES, slate__session__term__congress__level=Level.DISTRICT
        )
        .annotate(done=latest_completed(year))
        .aggregate(s=Sum("done"))["s"]
    )
    inspections = Inspection.objects.filter(date__year=year).aggregate(n=Count("pk"))
    suggestions = Suggestion.objects.filter(inspection__date__year=year).count()
    return {
        "district_projects": district["n"],
        "district_total_wan": district["total"] or Decimal(0),
        "district_completed_wan": completed or Decimal(0),
        "town_projects": town["n"],
        "town_total_wan": town["total"] or Decimal(0),
        "inspections": inspections["n"],
        "suggestions": suggestions,
    }
