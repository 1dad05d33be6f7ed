"""The appointment pipeline, one service per step: exam (one resit, else withdrawn), exemption, the
vote (more than half of ALL members), the oath."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import User
from appointments.models import ExamResult, ExamSitting, Nomination, NominationKind, NominationStatus, Oath


class AppointmentError(Exception):
    pass


def band(score: Decimal) -> str:
    if score < settings.APPOINTMENT_PASS_MARK:
        return _("failed")
    return _("excellent") if score >= 90 else _("good") if score >= 80 else _("passed")


def _lock(nomination_id):
    return Nomination.objects.select_for_update().get(pk=nomination_id)


def _save(nomination, actor, fields):
    as_actor(nomination, actor)
    nomination.save(update_fields=fields)


@transaction.atomic
def exam_record(*, nomination_id: int, sitting: ExamSitting, score: Decimal, actor: User) -> ExamResult:
    """Record a score. A pass qualifies the nominee; a second failure withdraws the nomination."""
    nomination = _lock(nomination_id)
    if nomination.kind != NominationKind.APPOINT or nomination.status != NominationStatus.NOMINATED:
        raise AppointmentError(_("Only a pending appointment takes the exam."))
    attempt = nomination.exams.count() + 1
    if attempt > 2:
        raise AppointmentError(_("The exam and its one resit are already taken."))
    result = ExamResult(sitting=sitting, nomination=nomination, attempt=attempt, score=score)
    result.full_clean()
    as_actor(result, actor)
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        raise AppointmentError(_("This attempt is already recorded.")) from None
    if score >= settings.APPOINTMENT_PASS_MARK:
        nomination.status = NominationStatus.QUALIFIED
        _save(nomination, actor, ["status"])
    elif attempt == 2:
        nomination.status = NominationStatus.WITHDRAWN
        _save(nomination, actor, ["status"])
    return result


@transaction.atomic
def exam_exempt(*, nomination_id: int, reason: str, actor: User) -> Nomination:
    nomination = _lock(nomination_id)
    if nomination.status != NominationStatus.NOMINATED or nomination.kind != NominationKind.APPOINT:
        raise AppointmentError(_("Only a pending appointment can be exempted from the exam."))
    if not reason.strip():
        raise AppointmentError(_("Give the reason for the exemption."))
    nomination.exam_exempt_reason, nomination.status = reason, NominationStatus.QUALIFIED
    _save(nomination, actor, ["exam_exempt_reason", "status"])
    return nomination


@transaction.atomic
def vote_record(*, nomination_id: int, votes_for: int, votes_against: int, votes_abstain: int, members: int,
                on: dt.date, actor: User) -> Nomination:
    """Record the standing committee's vote: adopted with more than half of ALL members voting for."""
    nomination = _lock(nomination_id)
    ready = NominationStatus.QUALIFIED if nomination.kind == NominationKind.APPOINT else NominationStatus.NOMINATED
    if nomination.status != ready:
        raise AppointmentError(_("This nomination is not ready for the vote (exam first, or already voted)."))
    if members < 1 or min(votes_for, votes_against, votes_abstain) < 0 or votes_for + votes_against + votes_abstain > members:
        raise AppointmentError(_("The votes cannot exceed the number of all members."))
    nomination.votes_for, nomination.votes_against, nomination.votes_abstain = votes_for, votes_against, votes_abstain
    nomination.members, nomination.decided_on = members, on
    nomination.status = NominationStatus.ADOPTED if votes_for * 2 > members else NominationStatus.REJECTED
    _save(nomination, actor, ["votes_for", "votes_against", "votes_abstain", "members", "decided_on", "status"])
    return nomination


@transaction.atomic
def oath_record(*, date: dt.date, kind: str, leader: str, nomination_ids: list[int], actor: User) -> Oath:
    nominations = list(Nomination.objects.select_for_update().filter(pk__in=nomination_ids))
    if not nominations or len(nominations) != len(set(nomination_ids)):
        raise AppointmentError(_("Choose the appointees taking the oath."))
    for n in nominations:
        if n.kind != NominationKind.APPOINT or n.status != NominationStatus.ADOPTED:
            raise AppointmentError(_("%(person)s has no adopted appointment awaiting the oath.") % {"person": n.person})
    oath = Oath(date=date, kind=kind, leader=leader)
    oath.full_clean()
    as_actor(oath, actor)
    oath.save()
    oath.nominations.set(nominations)
    for n in nominations:
        n.status = NominationStatus.SWORN
        _save(n, actor, ["status"])
    return oath
