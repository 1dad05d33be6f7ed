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
    OpinionStatus.NEW: (OpinionStatus.FORWARDED, OpinionStatus.HANDLING, OpinionStatus.RESOLVED,
                        OpinionStatus.EXPLAINED, OpinionStatus.NOT_FEASIBLE),
    OpinionStatus.FORWARDED: (OpinionStatus.HANDLING, OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED,
                              OpinionStatus.NOT_FEASIBLE),
    OpinionStatus.HANDLING: (OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED, OpinionStatus.NOT_FEASIBLE),
}
FINAL = {OpinionStatus.RESOLVED, OpinionStatus.EXPLAINED, OpinionStatus.NOT_FEASIBLE}


def station_message_submit(*, station: LiaisonStation, content: str, raised_by: str = "", contact: str = "") -> PublicOpinion:
    """Record a constituent's message left on the public site as a new public opinion for the office."""
    if not station.is_active:
        raise DeputyError(_("This station no longer takes messages."))
    opinion = PublicOpinion(content=content, raised_by=raised_by, contact=contact, station=station,
                            place=station.town, source=OpinionSource.MESSAGE, received_on=timezone.localdate())
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_move(*, opinion_id: int, status: str, actor: User, on: dt.date | None = None,
                 organization=None, outcome: str = "") -> PublicOpinion:
    """Move a public opinion along: forward it to an organization, mark it handled, or close it."""
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion_id)
    if status not in OPINION_MOVES.get(opinion.status, ()):
        raise DeputyError(_("An opinion that is “%(from)s” cannot become “%(to)s”.") % {
            "from": opinion.get_status_display(), "to": OpinionStatus(status).label})
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


@transaction.atomic
def deputy_end_mandate(*, deputy_id: int, status: str, on: dt.date, actor: User) -> Deputy:
    """End a deputy's mandate (terminated, resigned, deceased, recalled) as of ``on``."""
    deputy = Deputy.objects.select_for_update().get(pk=deputy_id)
    if deputy.status != DeputyStatus.IN_OFFICE:
        raise DeputyError(_("This mandate has already ended."))
    if status == DeputyStatus.IN_OFFICE or status not in DeputyStatus.values:
        raise DeputyError(_("Choose how the mandate ended."))
    deputy.status, deputy.status_date = status, on
    as_actor(deputy, actor)
    deputy.save(update_fields=["status", "status_date"])
    return deputy
