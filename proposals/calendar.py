"""The proposals' part of a user's calendar feed (the "calendar" contribution, read by congress.feeds):
the reply deadlines of the user's unit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from congress.contrib import CalendarEvent
from congress.feeds import MAX_EVENTS
from proposals.models import Assignment


def events(user, since) -> list[CalendarEvent]:
    """The open assignments of the user's unit, by deadline (one query; none for a user who does not reply).
    Overdue ones stay whatever ``since`` says: they still wait."""
    if not (user.organization_id and user.has_perm("proposals.reply")):
        return []
    open_ = (
        Assignment.objects.filter(unit_id=user.organization_id, replied_on__isnull=True, withdrawn_on__isnull=True)
        .select_related("proposal")
        .order_by("deadline", "pk")[:MAX_EVENTS]
    )
    return [
        CalendarEvent(
            uid="assignment-%s-%s" % (a.pk, a.round),
            day=a.deadline,
            summary=_("Reply due: %(proposal)s") % {"proposal": a.proposal},
            url=a.get_absolute_url(),
        )
        for a in open_
    ]
