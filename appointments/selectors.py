from django.db.models import Count, Q

from appointments.models import Nomination, NominationKind, NominationStatus

DECIDED = (NominationStatus.ADOPTED, NominationStatus.SWORN)


def decided(year: int):
    return (Nomination.objects.filter(status__in=DECIDED, decided_on__year=year)
            .select_related("organ").order_by("decided_on", "pk"))


def year_figures(year: int) -> dict:
    return Nomination.objects.filter(status__in=DECIDED, decided_on__year=year).aggregate(
        person_times=Count("pk"),
        appointed=Count("pk", filter=Q(kind=NominationKind.APPOINT)),
        removed=Count("pk", filter=~Q(kind=NominationKind.APPOINT)))
