"""Reads for oversight: the year's counts (one call, bounded queries), decisions with their votes,
pending responses by organization, and who may see which report or document."""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Level, Role, User
from congress.years import years_with_records
from meetings.models import AgendaItem, ItemKind, MeetingType, Poll, PollKind, PollStatus
from meetings.services import poll_results
from oversight.models import ActivityKind, Document, OversightActivity, ReportKind, ReportStatus, SpecialReport

BUDGET_KINDS = (ReportKind.BUDGET, ReportKind.ACCOUNTS)
FINAL = (PollStatus.CLOSED, PollStatus.PUBLISHED)


def _district_own():
    """Meetings whose decisions are the district's own: its standing committee's and its congress's
    sessions (not a town congress's)."""
    return Q(meeting__type=MeetingType.STANDING) | Q(
        meeting__type=MeetingType.CONGRESS, meeting__session__term__congress__level=Level.DISTRICT
    )


def _outcome(vote: dict | None) -> dict:
    """A vote's outcome: a yes/no poll adopted or not; a poll on several options (a slate, a choice)
    adopted ``adopted`` of its ``total`` options, and its decision counts as adopted when any was."""
    if not vote:
        return {"adopted": False, "options_adopted": 0, "options_total": 0}
    rows = vote["rows"]
    total = vote.get("total", len(rows))
    if vote["poll"].kind in (PollKind.SLATE, PollKind.CHOOSE):
        n = vote.get("adopted", sum(1 for r in rows if r["passed"]))
        return {"adopted": n > 0, "options_adopted": n, "options_total": total}
    return {
        "adopted": bool(vote.get("passed")),
        "options_adopted": int(bool(vote.get("passed"))),
        "options_total": total,
    }


def decision_list(year: int, *, public: bool = False) -> list[dict]:
    """Return the district's own decisions and resolutions (决定/决议) of the year: those at its
    standing committee's meetings and its congress's sessions held in the year, each with its final
    vote and its outcome (see ``_outcome``). The public sees those whose vote was published. Six
    queries whatever the number."""
    items = list(
        AgendaItem.objects.filter(_district_own(), kind=ItemKind.DECISION, meeting__date__year=year)
        .select_related("meeting")
        .order_by("meeting__date", "meeting_id", "order", "pk")
    )
    statuses = (PollStatus.PUBLISHED,) if public else FINAL
    polls = list(
        Poll.objects.filter(item__in=items, status__in=statuses)
        .prefetch_related("options", "paper_counts")
        .order_by("item_id", "pk")
    )
    results = poll_results(polls)
    votes: dict[int, dict] = {}
    for poll in polls:  # the item's last final poll is its vote
        votes[poll.item_id] = results[poll.pk]
    rows = [{"item": item, "vote": votes.get(item.pk), **_outcome(votes.get(item.pk))} for item in items]
    return [r for r in rows if r["vote"]] if public else rows


def decision_years(*, public: bool = False) -> list[int]:
    """Return the years, newest first, with a decision ``decision_list`` shows (for the public, one
    whose vote was published). One query."""
    items = AgendaItem.objects.filter(_district_own(), kind=ItemKind.DECISION)
    if public:
        items = items.filter(polls__status=PollStatus.PUBLISHED)
    return years_with_records(items, "meeting__date")


def public_years() -> list[int]:
    """Return the years, newest first, with a published activity or report heard (``public_year``).
    One query."""
    return years_with_records(
        OversightActivity.objects.filter(published=True),
        "start_date",
        (SpecialReport.objects.filter(published=True), "heard_on"),
    )


def answered_in_time(year: int) -> Q:
    """A report's organization answered by its due date and by 31 December of ``year`` (an answer
    given later never moves that year)."""
    return Q(responded_on__lte=F("response_due")) & Q(responded_on__lte=dt.date(year, 12, 31))


def year_figures(year: int) -> dict:
    """Return every count the annual report takes from oversight for ``year``, in eight queries."""
    activities = OversightActivity.objects.filter(Q(start_date__year=year) | Q(report_adopted_on__year=year)).aggregate(
        research_reports=Count(
            "pk", filter=Q(kind=ActivityKind.RESEARCH, report_status=ReportStatus.ADOPTED, report_adopted_on__year=year)
        ),
        research=Count("pk", filter=Q(kind=ActivityKind.RESEARCH, start_date__year=year)),
        inspections=Count("pk", filter=Q(kind=ActivityKind.INSPECTION, start_date__year=year)),
        enforcement=Count("pk", filter=Q(kind=ActivityKind.ENFORCEMENT, start_date__year=year)),
        supervision=Count("pk", filter=Q(kind=ActivityKind.SUPERVISION, start_date__year=year)),
    )
    special = ~Q(kind__in=BUDGET_KINDS)
    last = dt.date(year, 12, 31)
    reports = SpecialReport.objects.filter(heard_on__year=year).aggregate(
        heard=Count("pk", filter=special),
        budget=Count("pk", filter=~special),
        sent=Count("pk", filter=Q(opinions_sent_on__lte=last)),
        answered=Count("pk", filter=Q(responded_on__lte=last)),
        in_time=Count("pk", filter=answered_in_time(year)),
    )
    decisions = decision_list(year)
    return {
        **activities,
        "reports_heard": reports["heard"],
        "budget_reviews": reports["budget"],
        "opinions_sent": reports["sent"],
        "responses": reports["answered"],
        "responses_in_time": reports["in_time"],
        "decisions": len(decisions),
        "decisions_adopted": sum(1 for d in decisions if d["adopted"]),
    }


def pending(today: dt.date | None = None) -> QuerySet[SpecialReport]:
    """Review opinions sent and not yet answered, soonest due first."""
    return (
        SpecialReport.objects.filter(opinions_sent_on__isnull=False, responded_on__isnull=True)
        .select_related("organization")
        .order_by("response_due", "pk")
    )


def pending_by_organization(today: dt.date | None = None) -> list[dict]:
    """Return the pending responses grouped by organization (most overdue first), each report with
    its days left (negative: overdue). One query."""
    today = today or timezone.localdate()
    groups: dict[int, dict] = {}
    for report in pending(today):
        report.days_left = (report.response_due - today).days
        group = groups.setdefault(
            report.organization_id, {"organization": report.organization, "reports": [], "overdue": 0}
        )
        group["reports"].append(report)
        group["overdue"] += report.days_left < 0
    return sorted(groups.values(), key=lambda g: (-g["overdue"], g["reports"][0].response_due, g["organization"].name))


def reports_for_unit(user: User) -> QuerySet[SpecialReport]:
    """The reports of the contact's own organization whose opinions were sent, open ones first."""
    return (
        SpecialReport.objects.filter(organization_id=user.organization_id, opinions_sent_on__isnull=False)
        .select_related("organization")
        .order_by(F("responded_on").desc(nulls_first=True), "response_due", "pk")
    )


def report_get_for(*, user: User, pk: int) -> SpecialReport:
    """Return the report if ``user`` may read it: staff and leaders any, an organization's contact
    its own once the opinions were sent; 404 alike for missing and forbidden."""
    qs = SpecialReport.objects.select_related("organization", "item__meeting", "decision__meeting")
    if not user.has_perm("oversight.view_all"):
        if not (user.is_authenticated and user.has_role(Role.UNIT) and user.organization_id):
            raise Http404
        qs = qs.filter(organization_id=user.organization_id, opinions_sent_on__isnull=False)
    report = qs.filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def document_get_for(*, user: User, pk: int) -> Document:
    """Return the document if ``user`` may download it (staff and leaders; an organization's contact
    the documents of its own reports); 404 otherwise."""
    document = Document.objects.select_related("report").filter(pk=pk).first()
    if document is None:
        raise Http404
    if user.has_perm("oversight.view_all"):
        return document
    if document.report_id:
        report_get_for(user=user, pk=document.report_id)
        return document
    raise Http404


def public_year(year: int) -> dict:
    return {
        "activities": list(
            OversightActivity.objects.filter(published=True, start_date__year=year).order_by("kind", "start_date", "pk")
        ),
        "reports": list(
            SpecialReport.objects.filter(published=True, heard_on__year=year)
            .select_related("organization")
            .order_by("heard_on", "pk")
        ),
    }


def dossier_section(*, deputy, year: int | None) -> dict:
    """The deputy's part in inspections, research and law-enforcement inspections, for the dossier."""
    qs = deputy.oversight_activities.order_by("-start_date", "-pk")
    if year:
        qs = qs.filter(start_date__year=year)
    return {
        "title": _("Inspections, research and law-enforcement inspections"),
        "rows": [(a.start_date, "%s · %s" % (a.get_kind_display(), a.title)) for a in qs],
    }
