"""Proposal reads. Visibility is decided here and nowhere else: a page asks for ``proposal_get_for``
and gets 404 for a proposal that is missing or not the user's to see, alike."""

import datetime as dt

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import paging
from congress.models import User
from proposals.models import (
    UNSUBMITTED,
    Assignment,
    Cosignature,
    Extension,
    FollowUp,
    Proposal,
    Reassignment,
    Reply,
    ReplyClass,
    Role,
    Status,
)


def _mandate_ids(user: User) -> list[int]:
    if not hasattr(user, "_proposal_mandates"):
        user._proposal_mandates = list(user.mandates.values_list("pk", flat=True))
    return user._proposal_mandates


def proposal_list_for(*, user: User) -> QuerySet[Proposal]:
    """Return what ``user`` may see: staff and leaders every submitted proposal; a deputy their own
    (drafts included), those they co-sign, those their merged proposals joined, and published ones;
    a unit contact those assigned to their unit; everyone the published ones. Drafts (and withdrawn
    drafts) are their author's alone. Built from EXISTS clauses, so no DISTINCT over joins."""
    qs = Proposal.objects.select_related("session__term__congress", "lead", "category")
    if not user.is_authenticated:
        return qs.filter(published=True)
    mandates = _mandate_ids(user)
    own = Q(lead_id__in=mandates)
    if user.has_perm("proposals.view_all"):
        return qs.filter(~Q(status__in=UNSUBMITTED) | own)
    cond = Q(published=True) | own
    if mandates:
        cond |= Q(Exists(Cosignature.objects.filter(proposal=OuterRef("pk"), deputy_id__in=mandates)))
        cond |= Q(Exists(Proposal.objects.filter(merged_into=OuterRef("pk"), lead_id__in=mandates)))
    if user.organization_id and user.has_role("unit"):
        cond |= Q(Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=user.organization_id)))
    return qs.filter(cond).filter(~Q(status__in=UNSUBMITTED) | own)


def proposal_get_for(*, user: User, pk: int) -> Proposal:
    """Return the proposal ``pk`` if ``user`` may see it; Http404 for missing and forbidden alike."""
    proposal = proposal_list_for(user=user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_detail(*, proposal: Proposal) -> dict:
    """Everything the proposal page shows, in a fixed number of queries."""
    assignments = list(
        proposal.assignments.select_related("unit", "reply__letter")
        .prefetch_related("extensions", "reassignments")
        .order_by("round", "pk")
    )
    return {
        "assignments": assignments,
        "changes": list(proposal.changes.select_related("actor")),
        "cosignatures": list(proposal.cosignatures.select_related("deputy")),
        "attachments": [a for a in proposal.attachments.all() if not a.is_reply_letter],
        "evaluations": list(proposal.evaluations.order_by("round")),
        "follow_ups": list(proposal.follow_ups.select_related("unit")),
        "visits": list(proposal.visits.select_related("leader")),
        "merged": list(proposal.merged.select_related("lead")),
        "target": proposal.merged_into,
        "target_assignments": list(proposal.merged_into.assignments.select_related("unit", "reply__letter"))
        if proposal.merged_into_id
        else [],
    }


def _open_assignments():
    return Assignment.objects.filter(replied_on__isnull=True, withdrawn_on__isnull=True)


STAFF_LIST_KEYS = ("-pk",)  # newest first; keyset pages (congress.paging) on the primary key
UNIT_LIST_KEYS = ("deadline", "pk")  # nearest deadline first; the partial index assignment_open_unit_deadline


def staff_proposal_list(*, user: User) -> QuerySet[Proposal]:
    """Staff list rows, newest first: the nearest open deadline and the lead unit's name come as
    annotations (two correlated subqueries per row of the page, by the assignments' indexes on
    proposal), and only the columns the table shows are read."""
    open_ = _open_assignments().filter(proposal=OuterRef("pk"))
    lead_unit = (
        Assignment.objects.filter(proposal=OuterRef("pk"), role=Role.LEAD, withdrawn_on__isnull=True)
        .order_by("-round")
        .values("unit__name")[:1]
    )
    nearest = open_.order_by("deadline").values("deadline")[:1]
    return (
        proposal_list_for(user=user)
        .select_related(None)
        .select_related("lead")
        .only("pk", "number", "title", "status", "key_supervision", "submitted_on", "lead__full_name")
        .annotate(lead_unit=Subquery(lead_unit), next_deadline=Subquery(nearest))
        .order_by("-pk")
    )


def staff_proposal_page(*, qs: QuerySet[Proposal], params) -> "paging.KeysetPage":
    """One keyset page of the staff list ``qs`` (filtered): two queries, the rows and a bounded count."""
    return paging.keyset_page(qs, params, keys=STAFF_LIST_KEYS, per_page=25)


def proposal_latest_year(*, user: User) -> int | None:
    """The latest year in which a proposal ``user`` may see was submitted (the staff list's default). One query."""
    return (
        proposal_list_for(user=user)
        .filter(submitted_on__isnull=False)
        .order_by("-submitted_on")
        .values_list("submitted_on__year", flat=True)
        .first()
    )


def unit_assignments(*, user: User) -> QuerySet[Assignment]:
    """The open assignments of ``user``'s unit, the nearest deadline first (uses the partial index)."""
    if not user.organization_id:
        return Assignment.objects.none()
    return (
        _open_assignments()
        .filter(unit_id=user.organization_id)
        .select_related("proposal__lead", "proposal__session", "unit")
        .order_by(*UNIT_LIST_KEYS)
    )


def unit_assignment_page(*, user: User, params) -> "paging.KeysetPage":
    """One keyset page (50) of the unit's open assignments by (deadline, id), reading only the
    columns the list shows: two queries, the rows and a bounded count."""
    qs = (
        unit_assignments(user=user)
        .select_related(None)
        .select_related("proposal__lead")
        .only("pk", "deadline", "role", "proposal__number", "proposal__title", "proposal__lead__full_name")
    )
    return paging.keyset_page(qs, params, keys=UNIT_LIST_KEYS, per_page=50)


def unit_follow_ups(*, user: User) -> list[Proposal]:
    """The B or C replies ``user``'s unit still follows up as lead unit (status FOLLOW_UP), oldest
    first, with the reply's class and the date of the last progress report. One query."""
    if not user.organization_id:
        return []
    lead = Assignment.objects.filter(
        proposal=OuterRef("pk"), role=Role.LEAD, withdrawn_on__isnull=True, unit_id=user.organization_id
    )
    reply_cls = (
        Reply.objects.filter(assignment__proposal=OuterRef("pk"), assignment__role=Role.LEAD)
        .order_by("-assignment__round", "-pk")
        .values("cls")[:1]
    )
    last_report = FollowUp.objects.filter(proposal=OuterRef("pk")).order_by("-on", "-pk").values("on")[:1]
    return list(
        Proposal.objects.filter(Exists(lead), status=Status.FOLLOW_UP)
        .select_related("lead", "session")
        .annotate(reply_cls=Subquery(reply_cls), last_report=Subquery(last_report))
        .order_by("submitted_on", "pk")[:200]
    )


def unit_requests(*, user: User) -> dict:
    return {
        "extensions": list(
            Extension.objects.filter(assignment__unit_id=user.organization_id)
            .select_related("assignment__proposal")
            .order_by("-pk")[:20]
        ),
        "reassignments": list(
            Reassignment.objects.filter(assignment__unit_id=user.organization_id)
            .select_related("assignment__proposal")
            .order_by("-pk")[:20]
        ),
    }


def pending_requests() -> dict:
    """Extension and reassignment requests waiting for staff."""
    return {
        "extensions": list(
            Extension.objects.filter(status="pending")
            .select_related("assignment__proposal", "assignment__unit")
            .order_by("pk")
        ),
        "reassignments": list(
            Reassignment.objects.filter(status="pending")
            .select_related("assignment__proposal", "assignment__unit", "suggested_unit")
            .order_by("pk")
        ),
    }


def deputy_proposals(*, user: User) -> QuerySet[Proposal]:
    mandates = _mandate_ids(user)
    next_deadline = _open_assignments().filter(proposal=OuterRef("pk")).order_by("deadline").values("deadline")[:1]
    return (
        Proposal.objects.filter(lead_id__in=mandates)
        .select_related("session")
        .annotate(next_deadline=Subquery(next_deadline))
        .order_by("-pk")
    )


def cosign_requests(*, user: User) -> QuerySet[Cosignature]:
    return Cosignature.objects.filter(
        deputy_id__in=_mandate_ids(user),
        confirmed_at__isnull=True,
        proposal__status__in=[Status.SUBMITTED, Status.REGISTERED],
    ).select_related("proposal__lead")


def published_list() -> QuerySet[Proposal]:
    """Published proposals with their replies: deputies' names, never their private data."""
    return (
        Proposal.objects.filter(published=True)
        .select_related("lead", "session__term__congress")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.filter(role=Role.LEAD).select_related("unit", "reply"))
        )
        .order_by("-submitted_on", "number")
    )


# --- statistics ---------------------------------------------------------------------------------

REGISTERED = [Status.REGISTERED, Status.ASSIGNED, Status.REPLIED, Status.FOLLOW_UP, Status.CLOSED]

DEFINITIONS = {  # shown beside each figure and in the export
    "received": _("Proposals submitted (numbered), including those later not registered or merged."),
    "registered": _("Proposals registered (立案) and not merged into another."),
    "assigned": _("First-round lead assignments (one per registered proposal that was assigned)."),
    "replied": _("First-round lead assignments with a reply."),
    "reply_rate": _("Replied ÷ assigned (办复率)."),
    "in_time_rate": _("Replies given on or before the deadline in force ÷ assigned."),
    "evaluated": _("Deputies' first-round evaluations."),
    "satisfaction_rate": _("Satisfied ÷ evaluated."),
    "basic_rate": _("Satisfied or basically satisfied ÷ evaluated."),
    "class_shares": _("Share of each reply class A–D among first-round replies."),
    "overdue": _("Open assignments (any round, any role) whose deadline has passed."),
    "as_of": _("For a year: assignments, replies and evaluations dated after its 31 December do not count."),
}
DEFINITION_LABELS = {  # the name each definition is shown under
    "received": _("Received"),
    "registered": _("Registered"),
    "assigned": _("Assigned"),
    "replied": _("Replied"),
    "reply_rate": _("Reply rate (办复率)"),
    "in_time_rate": _("In-time reply rate"),
    "evaluated": _("Evaluated"),
    "satisfaction_rate": _("Satisfaction rate"),
    "basic_rate": _("Basic-satisfaction rate"),
    "class_shares": _("A / B / C / D"),
    "overdue": _("Overdue"),
    "as_of": _("Counted as of"),
}


def _pct(n, d):
    return round(n * 100 / d, 1) if d else 0.0


# One pass over the assignments of the proposals counted (an index-free hash join at any volume):
# only what is dated on or before ``as_of`` counts (assigned, replied, evaluated), so a later record
# never moves a past year's figures;
# the first-round lead assignment of a registered proposal gives assigned/replied/in time/classes and,
# joined to the proposal's first evaluation, the satisfaction counts; any open assignment past its
# deadline counts as overdue. Only units with a first-round lead assignment are listed.
UNITS_SQL = """
SELECT a.unit_id, o.name,
       count(*) FILTER (WHERE lead1 AND reg),
       count(*) FILTER (WHERE lead1 AND reg AND r.id IS NOT NULL),
       count(*) FILTER (WHERE lead1 AND reg AND r.replied_on <= a.deadline),
       count(*) FILTER (WHERE lead1 AND reg AND r.cls = 'A'), count(*) FILTER (WHERE lead1 AND reg AND r.cls = 'B'),
       count(*) FILTER (WHERE lead1 AND reg AND r.cls = 'C'), count(*) FILTER (WHERE lead1 AND reg AND r.cls = 'D'),
       count(*) FILTER (WHERE a.replied_on IS NULL AND a.withdrawn_on IS NULL AND a.deadline < %(today)s),
       count(e.id), count(e.id) FILTER (WHERE e.result = 'satisfied'),
       count(e.id) FILTER (WHERE e.result IN ('satisfied', 'basic'))
FROM (SELECT a.*, (a.role = %(lead)s AND a.round = 1 AND a.withdrawn_on IS NULL
                    AND a.assigned_on <= %(as_of)s) AS lead1
      FROM proposals_assignment a) a
JOIN (SELECT p.id, p.status = ANY(%(registered)s) AS reg FROM proposals_proposal p
      WHERE p.status <> %(draft)s {where}) p ON p.id = a.proposal_id
JOIN congress_organization o ON o.id = a.unit_id
LEFT JOIN proposals_reply r ON r.assignment_id = a.id AND r.replied_on <= %(as_of)s
LEFT JOIN proposals_evaluation e ON a.lead1 AND e.proposal_id = a.proposal_id AND e.round = 1 AND e.on <= %(as_of)s
GROUP BY a.unit_id, o.name
HAVING count(*) FILTER (WHERE lead1 AND reg) > 0
ORDER BY o.name, a.unit_id
"""
UNIT_COLUMNS = (
    "unit_id",
    "unit__name",
    "assigned",
    "replied",
    "in_time",
    "a",
    "b",
    "c",
    "d",
    "overdue",
    "evaluated",
    "satisfied",
    "basic",
)


def statistics(
    *,
    session_id: int | None = None,
    year: int | None = None,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> dict:
    """Figures for a session or a year (by submission date), overall and per lead unit, all counted
    in SQL from the records as of ``as_of`` (a year's: its 31 December; else no limit): assignments,
    replies and evaluations dated later do not count. See DEFINITIONS. Two queries whatever the volume."""
    today = today or timezone.localdate()
    as_of = as_of or (dt.date(year, 12, 31) if year else dt.date.max)
    proposals = Proposal.objects.exclude(status=Status.DRAFT)
    where, params = (
        "",
        {
            "today": today,
            "as_of": as_of,
            "lead": Role.LEAD,
            "registered": [str(s) for s in REGISTERED],
            "draft": Status.DRAFT,
        },
    )
    if session_id:
        proposals = proposals.filter(session_id=session_id)
        where += " AND p.session_id = %(session)s"
        params["session"] = session_id
    if year:
        proposals = proposals.filter(submitted_on__year=year)
        where += " AND p.submitted_on BETWEEN %(first)s AND %(last)s"
        params.update(first=dt.date(year, 1, 1), last=dt.date(year, 12, 31))
    totals = proposals.aggregate(received=Count("pk"), registered=Count("pk", filter=Q(status__in=REGISTERED)))
    with connection.cursor() as cur:
        cur.execute(UNITS_SQL.format(where=where), params)
        per_unit = [dict(zip(UNIT_COLUMNS, row)) for row in cur.fetchall()]
    total = {
        "assigned": 0,
        "replied": 0,
        "in_time": 0,
        "a": 0,
        "b": 0,
        "c": 0,
        "d": 0,
        "overdue": 0,
        "evaluated": 0,
        "satisfied": 0,
        "basic": 0,
    }
    rows = []
    for row in per_unit:
        for key in total:
            total[key] += row[key]
        rows.append(_rates(row))
    total = _rates(dict(total, unit__name=""))
    total.update(totals)
    definitions = {str(DEFINITION_LABELS[key]): text for key, text in DEFINITIONS.items()}  # label → text
    return {"total": total, "units": rows, "definitions": definitions}


def _rates(row: dict) -> dict:
    replied = row["replied"]
    row.update(
        reply_rate=_pct(replied, row["assigned"]),
        in_time_rate=_pct(row["in_time"], row["assigned"]),
        satisfaction_rate=_pct(row["satisfied"], row["evaluated"]),
        basic_rate=_pct(row["basic"], row["evaluated"]),
        shares={c: _pct(row[c.lower()], replied) for c in ReplyClass.values},
    )
    return row


def statistic_years() -> list[int]:
    return list(
        Proposal.objects.exclude(submitted_on=None)
        .annotate(y=ExtractYear("submitted_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )


def year_figures(year: int) -> dict:
    """The annual report's figures (reports app), counted for proposals submitted in the year."""
    stats = statistics(year=year)["total"]
    return {
        "received": stats["received"],
        "registered": stats["registered"],
        "assigned": stats["assigned"],
        "replied": stats["replied"],
        "in_time": stats["in_time"],
        "reply_rate": stats["reply_rate"],
        "satisfaction_rate": stats["basic_rate"],
    }
