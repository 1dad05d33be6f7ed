"""The appointments app's autocomplete picker (congress.pickers): the appointees a performance review
is scheduled for, out of every appointment of every year."""

from django.db.models import Q

from appointments.models import Nomination, NominationKind, NominationStatus
from congress.pickers import Kind


def appointees(user=None):
    """The appointments adopted or sworn in, newest first: the review form's choices."""
    return Nomination.objects.filter(
        kind=NominationKind.APPOINT, status__in=[NominationStatus.ADOPTED, NominationStatus.SWORN]
    ).order_by("-decided_on", "pk")


def appointee_label(n) -> str:
    return "%s %s" % (n.person, n.post)


KINDS = {
    "appointees": Kind(
        allowed=lambda user: user.has_perm("appointments.manage"),
        candidates=appointees,
        search=lambda qs, q: qs.filter(Q(person__icontains=q) | Q(post__icontains=q)),
        label=appointee_label,
    ),
}
