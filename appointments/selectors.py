"""Reads for the appointment pages and the annual report; each a fixed number of queries."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from appointments.models import ExamResult, Nomination, NominationKind, NominationStatus, Review
from meetings.models import Meeting, MeetingType, PollStatus

DECIDED = (NominationStatus.ADOPTED, NominationStatus.SWORN)
OPEN = (NominationStatus.NOMINATED, NominationStatus.QUALIFIED, NominationStatus.VOTING)


def decided(year: int):
    """What the standing committee adopted in the year (the public list: names, posts, dates)."""
    return (
        Nomination.objects.filter(status__in=DECIDED, decided_on__year=year)
        .select_related("organ", "meeting")
        .order_by("decided_on", "meeting_id", "kind", "pk")
    )


def year_figures(year: int) -> dict:
    """Person-times adopted in the year: all, appointments, removals and resignations accepted."""
    return Nomination.objects.filter(status__in=DECIDED, decided_on__year=year).aggregate(
        person_times=Count("pk"),
        appointed=Count("pk", filter=Q(kind=NominationKind.APPOINT)),
        removed=Count("pk", filter=Q(kind=NominationKind.REMOVE)),
        resigned=Count("pk", filter=Q(kind=NominationKind.RESIGN)),
    )


def counts(year: int) -> dict:
    """Person-times decided in the year per organ and per kind (two queries): {"organs": [(organ name,
    {kind: n}, total)], "kinds": {kind: n}, "total": n}."""
    qs = Nomination.objects.filter(status__in=DECIDED, decided_on__year=year)
    rows = qs.values("organ__name", "kind").order_by("organ__name", "kind").annotate(n=Count("pk"))
    organs: dict[str, dict] = {}
    for r in rows:
        organs.setdefault(r["organ__name"], {k: 0 for k in NominationKind.values})[r["kind"]] = r["n"]
    kinds = {k: 0 for k in NominationKind.values}
    for per_kind in organs.values():
        for k, n in per_kind.items():
            kinds[k] += n
    return {
        "organs": [
            (name, [per[k] for k in NominationKind.values], sum(per.values())) for name, per in sorted(organs.items())
        ],
        "kinds": [kinds[k] for k in NominationKind.values],
        "total": sum(kinds.values()),
        "labels": list(NominationKind.labels),
    }


def decided_at(meeting: Meeting) -> list[Nomination]:
    """Every nomination decided at a meeting (adopted or not), with its count: the list for the minutes."""
    return list(
        Nomination.objects.filter(meeting=meeting, decided_on__isnull=False)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("organ")
        .order_by("kind", "pk")
    )


def unfilled(year: int):
    """Appointments voted down in the year whose post no later appointment has filled."""
    filled = Nomination.objects.filter(
        kind=NominationKind.APPOINT,
        status__in=DECIDED,
        organ=OuterRef("organ"),
        post=OuterRef("post"),
        decided_on__gte=OuterRef("decided_on"),
    )
    return (
        Nomination.objects.filter(kind=NominationKind.APPOINT, status=NominationStatus.REJECTED, decided_on__year=year)
        .filter(~Exists(filled))
        .select_related("organ")
        .order_by("decided_on", "pk")
    )


def _with_exams(qs):
    return qs.prefetch_related(
        Prefetch("exams", queryset=ExamResult.objects.select_related("sitting").order_by("attempt"))
    )


def pipeline(status: str = ""):
    """The nominations in the pipeline (default: those still open), each with its exam attempts."""
    qs = Nomination.objects.select_related("organ", "meeting", "poll")
    qs = qs.filter(status=status) if status in NominationStatus.values else qs.filter(status__in=OPEN)
    return _with_exams(qs.order_by("meeting__date", "kind", "pk"))


def status_counts() -> dict:
    return dict(Nomination.objects.values_list("status").order_by("status").annotate(n=Count("pk")))


def at_meeting(meeting: Meeting):
    """The nominations on a meeting's agenda (any status), each with its exam attempts."""
    return list(
        _with_exams(Nomination.objects.filter(meeting=meeting).select_related("organ", "poll").order_by("kind", "pk"))
    )


def reviews_at(meeting: Meeting):
    return list(Review.objects.filter(meeting=meeting).select_related("nomination", "unit", "poll").order_by("pk"))


def oath_roster(meeting: Meeting):
    """The appointees the meeting adopted, sworn or awaiting the oath, with their oath."""
    return list(
        Nomination.objects.filter(meeting=meeting, kind=NominationKind.APPOINT, status__in=DECIDED)
        .prefetch_related("oaths")
        .order_by("pk")
    )


def sitting_results(sitting):
    return list(
        ExamResult.objects.filter(sitting=sitting)
        .select_related("nomination__organ")
        .order_by("nomination__person", "pk")
    )


def awaiting_exam():
    return (
        Nomination.objects.filter(kind=NominationKind.APPOINT, status=NominationStatus.NOMINATED)
        .select_related("organ")
        .order_by("pk")
    )


def member_agenda(today: dt.date | None = None) -> dict:
    """For a standing-committee member: the next meeting (from today) that has nominations or reviews
    on its agenda, with the statements and reports, and the appointment votes open now anywhere."""
    today = today or timezone.localdate()
    has_business = Q(Exists(Nomination.objects.filter(meeting=OuterRef("pk")))) | Q(
        Exists(Review.objects.filter(meeting=OuterRef("pk")))
    )
    meeting = (
        Meeting.objects.filter(type=MeetingType.STANDING, date__gte=today)
        .filter(has_business)
        .order_by("date", "pk")
        .first()
    )
    nominations = reviews = []
    if meeting:
        nominations = list(
            _with_exams(
                Nomination.objects.filter(meeting=meeting)
                .exclude(status=NominationStatus.WITHDRAWN)
                .select_related("organ", "poll")
                .order_by("kind", "pk")
            )
        )
        reviews = list(Review.objects.filter(meeting=meeting).select_related("nomination", "poll").order_by("pk"))
    open_polls = list(
        {
            p.pk: p
            for p in [
                n.poll
                for n in Nomination.objects.filter(poll__status=PollStatus.OPEN).select_related("poll__item__meeting")
            ]
            + [
                r.poll
                for r in Review.objects.filter(poll__status=PollStatus.OPEN).select_related("poll__item__meeting")
            ]
        }.values()
    )
    return {"meeting": meeting, "nominations": nominations, "reviews": reviews, "open_polls": open_polls}


def reviews_for_unit(user):
    return (
        Review.objects.filter(unit_id=user.organization_id)
        .select_related("nomination", "meeting")
        .order_by("-report_due", "-pk")
    )


def late_reviews(year: int, today: dt.date | None = None):
    """Reviews at the year's meetings whose report came late, or has not come though due."""
    today = today or timezone.localdate()
    return (
        Review.objects.filter(meeting__date__year=year)
        .filter(Q(filed_on__gt=F("report_due")) | Q(filed_on__isnull=True, report_due__lt=today))
        .select_related("nomination", "meeting")
        .order_by("report_due", "pk")
    )
