"""Proposal transitions, one service each: lock the row, check the move, change it, log it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.dates import add_months
from congress.models import Organization, User
from proposals.models import (
    MOVES, Assignment, Evaluation, Kind, Proposal, ProposalRules, Reply, Role, Satisfaction, SessionCounter, Status,
    StatusChange,
)


class ProposalError(Exception):
    pass


def rules_for(proposal: Proposal) -> ProposalRules:
    return ProposalRules.objects.get_or_create(congress_id=proposal.session.term.congress_id)[0]


def _move(proposal: Proposal, to: str, actor: User, note: str = "", fields=()):
    if to not in MOVES.get(proposal.status, set()):
        raise ProposalError(_("A proposal that is “%(from)s” cannot become “%(to)s”.") % {
            "from": proposal.get_status_display(), "to": Status(to).label})
    old, proposal.status = proposal.status, to
    as_actor(proposal, actor)
    proposal.save(update_fields=["status", *fields])
    StatusChange.objects.create(proposal=proposal, old=old, new=to, actor=actor, note=note[:300])


def _lock(proposal_id):
    return Proposal.objects.select_for_update().select_related("session__term").get(pk=proposal_id)


@transaction.atomic
def proposal_submit(*, proposal_id: int, actor: User, today: dt.date | None = None) -> Proposal:
    """Submit a draft: it takes the session's next number (第N号), gap-free under concurrency."""
    proposal = _lock(proposal_id)
    if proposal.kind == Kind.MOTION and proposal.cosigners.count() < rules_for(proposal).motion_cosigners:
        raise ProposalError(_("A motion needs at least %(n)d co-signers.") % {"n": rules_for(proposal).motion_cosigners})
    if proposal.status != Status.DRAFT:
        raise ProposalError(_("This proposal was already submitted."))
    counter, _created = SessionCounter.objects.get_or_create(session_id=proposal.session_id)
    counter = SessionCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    proposal.number, proposal.submitted_on = counter.last, today or timezone.localdate()
    _move(proposal, Status.SUBMITTED, actor, fields=["number", "submitted_on"])
    return proposal


@transaction.atomic
def proposal_register(*, proposal_id: int, actor: User) -> Proposal:
    proposal = _lock(proposal_id)
    _move(proposal, Status.REGISTERED, actor)
    return proposal


@transaction.atomic
def proposal_not_register(*, proposal_id: int, reason: str, actor: User) -> Proposal:
    if not reason.strip():
        raise ProposalError(_("Give the reason it is not registered."))
    proposal = _lock(proposal_id)
    proposal.not_registered_reason = reason
    _move(proposal, Status.NOT_REGISTERED, actor, note=reason, fields=["not_registered_reason"])
    return proposal


@transaction.atomic
def proposal_assign(*, proposal_id: int, lead: Organization, assisting=(), actor: User,
                    on: dt.date | None = None) -> list[Assignment]:
    """Assign to one lead unit and optional assisting units; the deadline is the congress's reply
    period after the assignment date, month ends clamped."""
    proposal = _lock(proposal_id)
    on = on or timezone.localdate()
    deadline = add_months(on, rules_for(proposal).reply_months)
    _move(proposal, Status.ASSIGNED, actor)
    units = [(lead, Role.LEAD)] + [(u, Role.ASSIST) for u in assisting if u != lead]
    return [Assignment.objects.create(proposal=proposal, unit=u, role=r, assigned_on=on, deadline=deadline)
            for u, r in units]


@transaction.atomic
def reply_submit(*, assignment_id: int, cls: str, text: str, actor: User, on: dt.date | None = None) -> Reply:
    assignment = Assignment.objects.select_for_update().get(pk=assignment_id)
    if assignment.role != Role.LEAD:
        raise ProposalError(_("The lead unit replies; assisting units send their opinion to it."))
    if assignment.replied_on:
        raise ProposalError(_("This assignment has already been replied to."))
    if not text.strip():
        raise ProposalError(_("Write the reply."))
    proposal = _lock(assignment.proposal_id)
    on = on or timezone.localdate()
    reply = Reply(assignment=assignment, cls=cls, text=text, replied_on=on)
    reply.full_clean()
    as_actor(reply, actor)
    reply.save()
    assignment.replied_on = on
    as_actor(assignment, actor)
    assignment.save(update_fields=["replied_on"])
    Assignment.objects.filter(proposal=proposal, round=assignment.round, replied_on__isnull=True).update(replied_on=on)
    _move(proposal, Status.REPLIED, actor)
    return reply


@transaction.atomic
def proposal_evaluate(*, proposal_id: int, result: str, comment: str, actor: User) -> Evaluation:
    """The lead deputy's evaluation. Unsatisfied reopens handling with the re-handling period."""
    proposal = _lock(proposal_id)
    if proposal.status != Status.REPLIED:
        raise ProposalError(_("Only a replied proposal can be evaluated."))
    rounds = proposal.assignments.order_by("-round").values_list("round", flat=True)
    current = rounds[0] if rounds else 1
    evaluation = Evaluation.objects.create(proposal=proposal, round=current, result=result, comment=comment)
    if result == Satisfaction.UNSATISFIED and current == 1:
        lead = proposal.assignments.get(round=current, role=Role.LEAD)
        today = timezone.localdate()
        Assignment.objects.create(proposal=proposal, unit=lead.unit, role=Role.LEAD, assigned_on=today,
                                  deadline=add_months(today, rules_for(proposal).rehandle_months), round=current + 1)
        _move(proposal, Status.ASSIGNED, actor, note=_("Unsatisfied: handled again."))
    else:
        _move(proposal, Status.CLOSED, actor)
    return evaluation
