"""Open data: the public records behind the public figures, as CSV (UTF-8 with a BOM so that Excel
reads the Chinese). Only for a year the visitor may see; each file is a fixed number of queries
whatever its number of rows, and holds nothing beyond what the public pages show."""

import datetime as dt
from io import StringIO

from django.http import Http404, HttpResponse

from congress.exports import csv_writer
from congress.validators import year_in_range
from reports.views import _visible_year


def _check_year(request, year: int):
    if not year_in_range(year) or not _visible_year(request, year):
        raise Http404


def _csv(name: str, year: int, header: list[str], rows) -> HttpResponse:
    out = StringIO()
    writer = csv_writer(out)  # formula-like text behind an apostrophe (congress/exports.py)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="%s-%d.csv"' % (name, year)
    return response


def report_csv(request, year):
    """The public records behind the public figures: the year's receptions per station and month."""
    _check_year(request, year)
    from django.db.models import Sum
    from django.db.models.functions import ExtractMonth

    from deputies.models import Reception

    rows = (
        Reception.objects.filter(date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values_list("station__name", "m")
        .annotate(n=Sum("visitors"))
        .order_by("station__name", "m")
    )
    return _csv("receptions", year, ["station", "month", "person_times"], rows)


PROJECT_COLUMNS = [
    "id",
    "title",
    "level",
    "congress",
    "implementing_unit",
    "total_wan",
    "year_plan_wan",
    "completed_wan",
    "status",
]


def projects_csv(request, year):
    """The year's adopted district and town livelihood projects with their investment (万元): one query."""
    _check_year(request, year)
    from projects.figures import completed_as_of
    from projects.selectors import adopted_projects

    rows = (
        [
            p.pk,
            p.title,
            p.slate.session.term.congress.level,
            p.slate.session.term.congress.name,
            p.implementing_unit.name,
            p.total_wan,
            p.year_plan_wan,
            p.done if p.done is not None else 0,
            p.status,
        ]
        for p in adopted_projects(year)
        .filter(slate__decided_on__lte=dt.date(year, 12, 31))
        .annotate(done=completed_as_of(year))
        .order_by("slate__session__term__congress__level", "slate__session__term__congress__name", "rank", "pk")
    )
    return _csv("projects", year, PROJECT_COLUMNS, rows)


PROPOSAL_COLUMNS = [
    "session",
    "number",
    "title",
    "kind",
    "category",
    "submitted_on",
    "status",
    "lead_units",
    "reply_status",
    "reply_class",
    "replied_on",
]


def _proposal_row(p) -> list:
    leads = sorted((a for a in p.assignments.all() if a.withdrawn_on is None), key=lambda a: (a.round, a.pk))
    units = list(dict.fromkeys(a.unit.name for a in leads))
    last = leads[-1] if leads else None
    reply = getattr(last, "reply", None) if last else None
    status = "replied" if reply else ("pending" if last else "not_assigned")
    return [
        str(p.session),
        p.number,
        p.title,
        p.kind,
        p.category,
        p.submitted_on,
        p.status,
        "；".join(units),
        status,
        reply.cls if reply else "",
        reply.replied_on if reply else "",
    ]


def proposals_csv(request, year):
    """The published proposals submitted in the year with their lead units and where the reply
    stands; no deputy's private data (two queries)."""
    _check_year(request, year)
    from django.db.models import Prefetch

    from proposals.models import Assignment, Proposal, Role

    proposals = (
        Proposal.objects.filter(published=True, submitted_on__year=year)
        .select_related("session__term__congress", "category")
        .defer("content")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.filter(role=Role.LEAD).select_related("unit", "reply"))
        )
        .order_by("session_id", "number", "pk")
    )
    return _csv("proposals", year, PROPOSAL_COLUMNS, (_proposal_row(p) for p in proposals))


DECISION_COLUMNS = [
    "date",
    "meeting",
    "title",
    "option",
    "votes_for",
    "votes_against",
    "abstentions",
    "base",
    "adopted",
]


def decisions_csv(request, year):
    """The decisions and resolutions adopted in the year whose vote is published, with the vote: one
    row per option voted on (a slate of appointees gives each its own votes and outcome; a yes/no
    motion has one row, its option empty). Oversight's public list: a fixed few queries."""
    _check_year(request, year)
    from meetings.models import PollKind
    from oversight.selectors import decision_list

    rows = []
    for d in decision_list(year, public=True):
        if not d["adopted"]:
            continue
        vote, item = d["vote"], d["item"]
        several = vote["poll"].kind in (PollKind.SLATE, PollKind.CHOOSE, PollKind.RATING)
        for row in vote.get("rows") or [{}]:
            option = row.get("option")
            rows.append(
                [
                    item.meeting.date,
                    item.meeting.title,
                    item.title,
                    (option.label if option is not None else "") if several else "",
                    row.get("for"),
                    row.get("against"),
                    row.get("abstain"),
                    row.get("base"),
                    "1" if row.get("passed") else "0",
                ]
            )
    return _csv("decisions", year, DECISION_COLUMNS, rows)
