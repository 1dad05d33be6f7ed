"""Reads for deputies: lists that own their joins, the dossier, and the year's figures."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from congress.models import Congress, Level, User
from deputies.models import (
    Activity,
    ActivityKind,
    ByElection,
    Commendation,
    CommendationKind,
    Contribution,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    LiaisonStation,
    OpinionStatus,
    PublicOpinion,
    Reception,
)

ROSTER_KEYS = ("full_name", "pk")  # the staff roster's keyset pages, by the index deputy_name_id


def deputy_list() -> QuerySet[Deputy]:
    return Deputy.objects.select_related("congress", "term__congress", "group", "station")


def deputy_public_list() -> QuerySet[Deputy]:
    """Mandates in force today (not ended, their term not over), with only what the public may see loaded."""
    return (
        in_office_on(Deputy.objects.all(), timezone.localdate())
        .select_related("congress", "group", "station")
        .only(
            "pk",
            "full_name",
            "gender",
            "ethnicity",
            "party",
            "occupation",
            "constituency",
            "congress__name",
            "congress__level",
            "group__name",
            "station__name",
        )
    )


def byelection_list() -> QuerySet[ByElection]:
    return (
        ByElection.objects.select_related("term__congress")
        .annotate(elected_count=Count("elected"))
        .order_by("-date", "-pk")
    )


def group_list() -> QuerySet[DeputyGroup]:
    return (
        DeputyGroup.objects.select_related("term__congress", "leader")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )


def station_list() -> QuerySet[LiaisonStation]:
    return LiaisonStation.objects.annotate(deputy_count=Count("duty_deputies", distinct=True)).order_by("town", "name")


def reception_list() -> QuerySet[Reception]:
    return Reception.objects.select_related("station").annotate(duty_count=Count("deputies")).order_by("-date", "-pk")


def opinion_list() -> QuerySet[PublicOpinion]:
    return PublicOpinion.objects.select_related("station", "collected_by", "forwarded_to")


def activity_list() -> QuerySet[Activity]:
    return (
        Activity.objects.select_related("group")
        .annotate(participant_count=Count("participants"))
        .order_by("-date", "-pk")
    )


def commendation_list() -> QuerySet[Commendation]:
    return Commendation.objects.select_related("deputy")


def contribution_list() -> QuerySet[Contribution]:
    return Contribution.objects.select_related("deputy")


def mandate_for(user: User) -> Deputy | None:
    """Return ``user``'s mandate to show (the one in force today, else their newest), if any. It grants
    nothing by itself: rights come from ``mandate_in_force``."""
    if not user.is_authenticated:
        return None
    newest = Deputy.objects.filter(user=user).select_related("congress", "term").order_by("-term__start_date", "-pk")
    return mandate_in_force(user=user, on=timezone.localdate()) or newest.first()


# Sections other apps add to the dossier (oversight: inspections and research a deputy took part in),
# registered in their AppConfig.ready: fn(deputy=, year=) -> {"title": str, "rows": [(date, text)]},
# one query each, so the dossier stays a fixed number of queries.
DOSSIER_SECTIONS: list = []


def dossier(*, deputy: Deputy, year: int | None) -> dict:
    """Return everything ``deputy`` did in ``year`` (or over the whole term when None).

    A fixed number of queries whatever the volume: one per section, each with its joins.
    """

    def in_year(qs, field):
        return qs.filter(**{"%s__year" % field: year}) if year else qs

    activities = list(in_year(deputy.activities.select_related("group"), "date").order_by("-date"))
    receptions = list(in_year(deputy.receptions.select_related("station"), "date").order_by("-date"))
    opinions = list(in_year(deputy.opinions.select_related("forwarded_to"), "received_on").order_by("-received_on"))
    commendations = list(deputy.commendations.filter(year=year) if year else deputy.commendations.all())
    contributions = list(deputy.contributions.filter(year=year) if year else deputy.contributions.all())
    return {
        "deputy": deputy,
        "year": year,
        "activities": [a for a in activities if a.kind != ActivityKind.ATTENDANCE],
        "attendances": [a for a in activities if a.kind == ActivityKind.ATTENDANCE],
        "receptions": receptions,
        "visitors": sum(r.visitors for r in receptions),
        "opinions": opinions,
        "resolved": sum(1 for o in opinions if o.status == OpinionStatus.RESOLVED),
        "commendations": commendations,
        "contributions": contributions,
        "suggestions": sum(a.suggestions_count for a in activities),
        "sections": [section(deputy=deputy, year=year) for section in DOSSIER_SECTIONS],
    }


def dossier_years(deputy: Deputy) -> list[int]:
    start = deputy.term.start_date.year
    end = (deputy.term.end_date or dt.date.today()).year
    return list(range(end, start - 1, -1))


def district_deputies_in_office(year: int) -> int:
    """District deputies in office on 31 December of ``year``: their term had begun and not ended, they
    were not by-elected later, and their mandate had not ended by then (a mandate that ends in a later
    year still counts for this one, so a later record never rewrites a past year's report)."""
    return in_office_on(Deputy.objects.filter(congress__level=Level.DISTRICT), dt.date(year, 12, 31)).count()


def in_office_on(deputies: QuerySet[Deputy], day: dt.date) -> QuerySet[Deputy]:
    """The mandates of ``deputies`` in force on ``day``, as records made later still tell it."""
    return (
        deputies.filter(term__start_date__lte=day)
        .filter(Q(term__end_date__isnull=True) | Q(term__end_date__gt=day))
        .filter(Q(by_election__isnull=True) | Q(by_election__date__lte=day))
        .filter(Q(status=DeputyStatus.IN_OFFICE) | Q(status_date__gt=day))
    )


def mandate_in_force(*, user: User, on: dt.date, congress: Congress | None = None) -> Deputy | None:
    """``user``'s mandate in force on ``on`` (of ``congress`` when given), or None: the one source of a
    deputy's rights (proposals, co-signatures, votes). With several in force, the newest term's. One query."""
    if user is None or not user.is_authenticated:
        return None
    mandates = Deputy.objects.filter(user=user)
    if congress is not None:
        mandates = mandates.filter(congress=congress)
    return in_office_on(mandates, on).select_related("congress", "term").order_by("-term__start_date", "-pk").first()


def mandate_is_in_force(*, deputy: Deputy, on: dt.date) -> bool:
    """Whether the mandate ``deputy`` gives its rights on ``on``. One query."""
    return in_office_on(Deputy.objects.filter(pk=deputy.pk), on).exists()


def mandates_in_force(*, deputies, on: dt.date) -> set[int]:
    """The ids among ``deputies`` (Deputy objects, ids, or a queryset of ids) of mandates in force on ``on``.
    At most one query."""
    ids = deputies if isinstance(deputies, QuerySet) else [getattr(d, "pk", d) for d in deputies]
    if not isinstance(ids, QuerySet) and not ids:
        return set()
    return set(in_office_on(Deputy.objects.filter(pk__in=ids), on).values_list("pk", flat=True))


def mandate_holder_ids(*, congress: Congress, on: dt.date) -> QuerySet:
    """Ids of the users holding a mandate of ``congress`` in force on ``on`` (a flat values_list,
    usable as a subquery: ``User.objects.filter(pk__in=mandate_holder_ids(...))``)."""
    return (
        in_office_on(Deputy.objects.filter(congress=congress, user__isnull=False), on)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def year_figures(year: int) -> dict:
    """Return the year's deputy-work figures as the annual report counts them."""
    receptions = Reception.objects.filter(date__year=year).aggregate(visits=Sum("visitors"), count=Count("pk"))
    opinions = PublicOpinion.objects.aggregate(
        collected=Count("pk", filter=Q(received_on__year=year)),
        resolved=Count("pk", filter=Q(status=OpinionStatus.RESOLVED, closed_on__year=year)),
    )
    groups = Activity.objects.filter(kind=ActivityKind.GROUP, date__year=year).aggregate(
        count=Count("pk"), suggestions=Sum("suggestions_count")
    )
    attendance = Activity.participants.through.objects.filter(
        activity__kind=ActivityKind.ATTENDANCE, activity__date__year=year
    ).count()
    dialogues = Activity.objects.filter(kind=ActivityKind.DIALOGUE, date__year=year).count()
    by_elected = dict(
        Deputy.objects.filter(by_election__date__year=year)
        .values_list("congress__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    commended = Commendation.objects.filter(year=year, kind=CommendationKind.EXCELLENT_DEPUTY).count()
    return {
        "reception_visits": receptions["visits"] or 0,
        "receptions": receptions["count"],
        "opinions_collected": opinions["collected"],
        "opinions_resolved": opinions["resolved"],
        "group_activities": groups["count"],
        "group_suggestions": groups["suggestions"] or 0,
        "attendance_person_times": attendance,
        "dialogues": dialogues,
        "by_elected_city": by_elected.get(Level.CITY, 0),
        "by_elected_district": by_elected.get(Level.DISTRICT, 0),
        "deputies_commended": commended,
    }


def station_public_list() -> QuerySet[LiaisonStation]:
    return LiaisonStation.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "duty_deputies", queryset=in_office_on(Deputy.objects.all(), timezone.localdate()).only("pk", "full_name")
        )
    )


def receptions_by_month(year: int) -> list[int]:
    """Return the person-times received at stations in each month of ``year`` (12 numbers)."""
    from django.db.models.functions import ExtractMonth

    rows = dict(
        Reception.objects.filter(date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(n=Sum("visitors"))
        .values_list("m", "n")
    )
    return [rows.get(m, 0) or 0 for m in range(1, 13)]
