"""Writes for deputies' records. Every write carries its actor into the audit trail."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import User
from deputies.models import Deputy, DeputyStatus, LiaisonStation, OpinionSource, OpinionStatus, PublicOpinion


class DeputyError(Exception):
    """A rule refused the change; the message says why (translated)."""


# Allowed status moves of a public opinion.
OPINION_MOVES = {
    OpinionStatus.NEW: (
        OpinionStatus.FORWARDED,
        OpinionStatus.HANDLING,
        OpinionStatus.RESOLVED,
        OpinionStatus.EXPLAINED,
        OpinionStatus.NOT_FEASIBLE,
    ),
    OpinionStatus.FORWARDED: (
        OpinionStatus.HANDLING,
        OpinionStatus.RESOLVED,
        OpinionStatus.EXPLAINED,
        OpinionStatus.NOT_FEASIBLE,
    ),
    OpinionStatus.HANDLING: (OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED, OpinionStatus.NOT_FEASIBLE),
}
FINAL = {OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED, OpinionStatus.NOT_FEASIBLE}


def station_message_submit(
    *, station: LiaisonStation, content: str, raised_by: str = "", contact: str = ""
) -> PublicOpinion:
    """Record a constituent's message left on the public site as a new public opinion for the office."""
    if not station.is_active:
        raise DeputyError(_("This station no longer takes messages."))
    opinion = PublicOpinion(
        content=content,
        raised_by=raised_by,
        contact=contact,
        station=station,
        place=station.town,
        source=OpinionSource.MESSAGE,
        received_on=timezone.localdate(),
    )
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_move(
    *, opinion_id: int, status: str, actor: User, on: dt.date | None = None, organization=None, outcome: str = ""
) -> PublicOpinion:
    """Move a public opinion along: forward it to an organization, mark it handled, or close it."""
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion_id)
    if status not in OPINION_MOVES.get(opinion.status, ()):
        raise DeputyError(
            _("An opinion that is “%(from)s” cannot become “%(to)s”.")
            % {"from": opinion.get_status_display(), "to": OpinionStatus(status).label}
        )
    on = on or timezone.localdate()
    fields = ["status"]
    if status == OpinionStatus.FORWARDED:
        if organization is None:
            raise DeputyError(_("Choose the organization the opinion is forwarded to."))
        opinion.forwarded_to, opinion.forwarded_on = organization, on
        fields += ["forwarded_to", "forwarded_on"]
    if status in FINAL:
        opinion.closed_on, opinion.outcome = on, outcome or opinion.outcome
        fields += ["closed_on", "outcome"]
    opinion.status = status
    as_actor(opinion, actor)
    opinion.save(update_fields=fields)
    return opinion


# How far ahead a mandate's end may be recorded (a resignation accepted to take effect on a set day).
MANDATE_END_AHEAD_DAYS = 31


@transaction.atomic
def deputy_end_mandate(
    *, deputy_id: int, status: str, on: dt.date, actor: User, reason: str = "", today: dt.date | None = None
) -> Deputy:
    """End a deputy's mandate (terminated, resigned, deceased, recalled) as of ``on``: from that day the
    mandate gives no rights (deputies.selectors.mandate_in_force); the record and its history stay.
    ``on`` lies between the mandate's start and its term's end, at most MANDATE_END_AHEAD_DAYS ahead."""
    try:
        deputy = Deputy.objects.select_for_update(of=("self",)).select_related("term", "by_election").get(pk=deputy_id)
    except Deputy.DoesNotExist:
        raise DeputyError(_("This mandate does not exist."))
    if deputy.status != DeputyStatus.IN_OFFICE:
        raise DeputyError(
            _("This mandate has already ended (%(how)s, %(date)s).")
            % {
                "how": deputy.get_status_display(),
                "date": deputy.status_date.isoformat() if deputy.status_date else "—",
            }
        )
    if status == DeputyStatus.IN_OFFICE or status not in DeputyStatus.values:
        raise DeputyError(_("Choose how the mandate ended."))
    if not isinstance(on, dt.date):
        raise DeputyError(_("Give the date the mandate ended."))
    latest = (today or timezone.localdate()) + dt.timedelta(days=MANDATE_END_AHEAD_DAYS)
    if on > latest:
        raise DeputyError(
            _("The end of a mandate is recorded at most %(n)d days ahead (until %(date)s).")
            % {"n": MANDATE_END_AHEAD_DAYS, "date": latest.isoformat()}
        )
    start = deputy.by_election.date if deputy.by_election_id else deputy.term.start_date
    if on < start:
        raise DeputyError(_("This mandate began on %(date)s; it cannot end before that.") % {"date": start.isoformat()})
    if deputy.term.end_date and on > deputy.term.end_date:
        raise DeputyError(
            _("The term ended on %(date)s, and the mandate with it.") % {"date": deputy.term.end_date.isoformat()}
        )
    deputy.status, deputy.status_date, deputy.status_reason = status, on, reason.strip()[:300]
    as_actor(deputy, actor)
    deputy.save(update_fields=list(Deputy.transition_fields))
    return deputy
