"""The appointment pipeline, one service per step: the exam (pass mark a setting; one resit, else the
nomination is withdrawn; exemption with its reason), the vote (a Poll of the meetings engine on an
appointment agenda item, more than half of ALL members; the outcome read from ``poll_result`` once the
poll is closed), the oath, and the performance review (report due N days before the meeting,
reminded through congress.reminders; the members' secret satisfaction vote, a rating Poll).

Every write is audited with its actor (``as_actor`` + history)."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appointments.exam import band, pass_mark  # noqa: F401  (band: re-exported for the views)
from appointments.models import (
    ExamResult,
    ExamSitting,
    Nomination,
    NominationKind,
    NominationStatus,
    Oath,
    Review,
    ReviewStatus,
)
from congress.audit import as_actor
from congress.deadlines import deadline_compute, deadline_note_save
from congress.models import Organization, User
from meetings.models import (
    AgendaItem,
    Electorate,
    ItemKind,
    MajorityRule,
    Meeting,
    MeetingType,
    Poll,
    PollKind,
    PollMode,
    PollStatus,
    Threshold,
)
from meetings.services import MeetingError, poll_create, poll_result


class AppointmentError(Exception):
    """A rule refused the change; the message says why (translated)."""


# --- settings ------------------------------------------------------------------------------------


def report_days() -> int:
    """Days before the meeting a performance report is due (default 20)."""
    return int(getattr(settings, "APPOINTMENT_REVIEW_REPORT_DAYS", 20))


def vote_mode() -> str:
    """How the standing committee votes on appointments, as its rules say (default: secret ballot)."""
    mode = getattr(settings, "APPOINTMENT_VOTE_MODE", PollMode.SECRET)
    return mode if mode in PollMode.values else PollMode.SECRET


def _lock(nomination_id):
    return Nomination.objects.select_for_update().get(pk=nomination_id)


def _save(obj, actor, fields):
    as_actor(obj, actor)
    obj.save(update_fields=fields)


# --- the exam ------------------------------------------------------------------------------------


@transaction.atomic
def exam_record(*, nomination_id: int, sitting: ExamSitting, score: Decimal, actor: User) -> ExamResult:
    """Record a score. A pass qualifies the nominee; a failed resit withdraws the nomination. The resit
    is taken at a later sitting than the first attempt."""
    nomination = _lock(nomination_id)
    if nomination.kind != NominationKind.APPOINT or nomination.status != NominationStatus.NOMINATED:
        raise AppointmentError(_("Only a pending appointment takes the exam."))
    earlier = list(nomination.exams.select_related("sitting"))
    attempt = len(earlier) + 1
    if attempt > 2:
        raise AppointmentError(_("The exam and its one resit are already taken."))
    if earlier and sitting.date <= earlier[0].sitting.date:
        raise AppointmentError(_("The resit is taken at a later sitting than the first attempt."))
    result = ExamResult(sitting=sitting, nomination=nomination, attempt=attempt, score=score)
    try:
        result.full_clean()
    except ValidationError as exc:
        raise AppointmentError(" ".join(exc.messages)) from None
    as_actor(result, actor)
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        raise AppointmentError(_("This attempt is already recorded.")) from None
    if score >= pass_mark():
        nomination.status = NominationStatus.QUALIFIED
        _save(nomination, actor, ["status"])
    elif attempt == 2:
        nomination.status = NominationStatus.WITHDRAWN
        _save(nomination, actor, ["status"])
    return result


@transaction.atomic
def exam_scores_enter(*, sitting: ExamSitting, scores: dict[int, Decimal], actor: User) -> list[ExamResult]:
    """Enter a sitting's scores at once ({nomination id: score}); all or nothing."""
    if not scores:
        raise AppointmentError(_("Enter at least one score."))
    results = []
    for nomination_id, score in sorted(scores.items()):
        try:
            results.append(exam_record(nomination_id=nomination_id, sitting=sitting, score=score, actor=actor))
        except AppointmentError as exc:
            person = Nomination.objects.filter(pk=nomination_id).values_list("person", flat=True).first()
            raise AppointmentError("%s：%s" % (person or nomination_id, exc)) from None
    return results


# What a legal basis for an exemption must at least say: a few words naming the rule, not "无".
LEGAL_BASIS_MIN_CHARS = 8
NO_BASIS = {"无", "没有", "暂无", "不详", "同上", "略", "none", "no", "na", "nil", "null", "nothing", "n", "x"}


def meaningful_basis(text: str) -> bool:
    """Return whether ``text`` can stand as a recorded legal basis: at least LEGAL_BASIS_MIN_CHARS
    letters or digits once punctuation and spaces are dropped, not a placeholder ("无", "none"), and
    not one or two characters repeated."""
    import re

    core = re.sub(r"[\W_]+", "", text.lower())
    return len(core) >= LEGAL_BASIS_MIN_CHARS and core not in NO_BASIS and len(set(core)) > 2


def earlier_posts(nomination: Nomination):
    """The same person's earlier appointments the committee decided (adopted or sworn), latest first:
    the records an exemption on re-appointment to a post of the same rank can rest on."""
    return (
        Nomination.objects.filter(
            kind=NominationKind.APPOINT,
            person=nomination.person.strip(),
            status__in=(NominationStatus.ADOPTED, NominationStatus.SWORN),
            decided_on__isnull=False,
        )
        .exclude(pk=nomination.pk)
        .order_by("-decided_on", "-pk")
    )


@transaction.atomic
def exam_exempt(*, nomination_id: int, actor: User, earlier_id: int | None = None, legal_basis: str = "") -> Nomination:
    """Exempt a pending appointment from the legal exam, on one of two grounds, recorded:

    - ``earlier_id``: the same person's earlier appointment the committee decided, to a post of the
      same rank as this nomination's (both ranks given); or
    - ``legal_basis``: the rule staff rely on, in words (``meaningful_basis``: "无" or "none" refused).

    Without either the nominee sits the exam. Refused once the nominee sat it or was exempted."""
    nomination = _lock(nomination_id)
    if nomination.status != NominationStatus.NOMINATED or nomination.kind != NominationKind.APPOINT:
        raise AppointmentError(_("Only a pending appointment can be exempted from the exam."))
    if nomination.exams.exists():
        raise AppointmentError(_("This nominee has already sat the exam."))
    legal_basis = " ".join(legal_basis.split())
    earlier = None
    if earlier_id:
        earlier = earlier_posts(nomination).filter(pk=earlier_id).first()
        if earlier is None:
            raise AppointmentError(
                _("That is not an earlier appointment of %(person)s decided by the committee.")
                % {"person": nomination.person}
            )
        if not nomination.rank:
            raise AppointmentError(_("Give this post's rank first (Edit): the exemption compares the ranks."))
        if earlier.rank != nomination.rank:
            raise AppointmentError(
                _(
                    "The earlier post (%(post)s, %(rank)s) is not of the same rank as this one "
                    "(%(this)s): the nominee sits the exam, or give the legal basis."
                )
                % {
                    "post": earlier.post,
                    "rank": earlier.get_rank_display() or _("rank not recorded"),
                    "this": nomination.get_rank_display(),
                }
            )
        with translation.override(settings.LANGUAGE_CODE):  # the record's wording is in the official language
            reason = _(
                "Re-appointment to a post of the same rank: earlier %(post)s (%(rank)s), appointed %(date)s."
            ) % {"post": earlier.post, "rank": earlier.get_rank_display(), "date": earlier.decided_on.isoformat()}
    elif legal_basis:
        if not meaningful_basis(legal_basis):
            raise AppointmentError(
                _(
                    "Write the legal basis for the exemption in words (at least %(n)d characters; "
                    "“none” is not a basis)."
                )
                % {"n": LEGAL_BASIS_MIN_CHARS}
            )
        reason = legal_basis
    else:
        raise AppointmentError(
            _(
                "An exemption needs an earlier post of the same rank, or the legal basis: "
                "without either the nominee sits the exam."
            )
        )
    nomination.exam_exempt_reason, nomination.exam_exempt_earlier = reason[:500], earlier
    nomination.status = NominationStatus.QUALIFIED
    _save(nomination, actor, ["exam_exempt_reason", "exam_exempt_earlier", "status"])
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination_id: int, actor: User) -> Nomination:
    """The nominating organ withdraws a nomination not yet put to the vote."""
    nomination = _lock(nomination_id)
    if nomination.status not in (NominationStatus.NOMINATED, NominationStatus.QUALIFIED):
        raise AppointmentError(_("Only a nomination not yet put to the vote can be withdrawn."))
    nomination.status = NominationStatus.WITHDRAWN
    _save(nomination, actor, ["status"])
    return nomination


# --- the vote ------------------------------------------------------------------------------------


def ready_for_vote(nomination: Nomination) -> bool:
    """An appointment after its exam (or exemption); a removal or resignation at once."""
    ready = NominationStatus.QUALIFIED if nomination.kind == NominationKind.APPOINT else NominationStatus.NOMINATED
    return nomination.status == ready


def _standing_meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.type != MeetingType.STANDING:
        raise AppointmentError(_("Appointments are voted at a standing-committee meeting."))
    return meeting


def _agenda_item(meeting: Meeting, kind: str, title: str, record, actor: User) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        order=meeting.items.count() + 1,
        title=title[:300],
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=str(record.pk),
    )
    as_actor(item, actor)
    item.save()
    return item


@transaction.atomic
def vote_open(
    *,
    meeting_id: int,
    nomination_ids: Iterable[int],
    actor: User,
    mode: str | None = None,
    electorate: str | Iterable[User] = Electorate.PRESENT,
) -> Poll:
    """Put nominations to the standing committee's vote at ``meeting``: one appointment agenda item and
    one Poll of the meetings engine (a yes/no poll for one nomination, a slate with an option each for
    several), measured against all members (rule 'all', more than half; the base is counted when the
    chair opens it). ``mode`` as the committee's rules say (default ``APPOINTMENT_VOTE_MODE``). The
    chair opens and closes it on the meetings pages; ``vote_settle`` reads the outcome."""
    ids = sorted(set(nomination_ids))
    if not ids:
        raise AppointmentError(_("Choose the nominations to put to the vote."))
    meeting = _standing_meeting(meeting_id)
    nominations = list(Nomination.objects.select_for_update().filter(pk__in=ids).order_by("kind", "pk"))
    if len(nominations) != len(ids):
        raise AppointmentError(_("Choose the nominations to put to the vote."))
    for n in nominations:
        if not ready_for_vote(n):
            raise AppointmentError(
                _("%(person)s is not ready for the vote (the exam first, or already voted).") % {"person": n.person}
            )
        if n.meeting_id and n.meeting_id != meeting.pk:
            raise AppointmentError(_("%(person)s is on the agenda of another meeting.") % {"person": n.person})
    mode = mode or vote_mode()
    with translation.override(settings.LANGUAGE_CODE):  # the record's wording is in the official language
        motions = [str(n.motion) for n in nominations]
        if len(set(motions)) != len(motions):
            raise AppointmentError(_("Two of these nominations are the same."))
        title = (
            motions[0]
            if len(nominations) == 1
            else _("Appointments and removals (%(n)d person-times)") % {"n": len(nominations)}
        )
        item = _agenda_item(meeting, ItemKind.APPOINTMENT, title, nominations[0], actor)
        try:
            poll = poll_create(
                agenda_item=item,
                question=title,
                kind=PollKind.YES_NO if len(nominations) == 1 else PollKind.SLATE,
                options=motions,
                mode=mode,
                rule=MajorityRule.ALL_MEMBERS,
                threshold=Threshold.HALF,
                electorate=electorate,
                actor=actor,
            )
        except MeetingError as exc:
            raise AppointmentError(str(exc)) from None
    for n, option in zip(nominations, poll.options.order_by("order", "pk")):
        n.meeting, n.item, n.poll, n.option, n.status = meeting, item, poll, option, NominationStatus.VOTING
        _save(n, actor, ["meeting", "item", "poll", "option", "status"])
    return poll


@transaction.atomic
def vote_settle(*, poll_id: int, actor: User) -> list[Nomination]:
    """Record the outcome of a closed vote from the engine's result: each nomination whose option
    passed (more than half of all members for, the poll quorate) is adopted, the others are not (an
    appointment not adopted leaves the post unfilled). Dated the meeting's day; the engine's count is
    kept with the decision. Refused while the poll is open or once every nomination is settled."""
    poll = Poll.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise AppointmentError(_("Close the vote first."))
    waiting = list(
        Nomination.objects.select_for_update().filter(poll=poll, status=NominationStatus.VOTING).order_by("pk")
    )
    if not waiting:
        raise AppointmentError(_("The outcome of this vote is already recorded."))
    result = poll_result(poll)
    rows = {r["option"].pk: r for r in result["rows"]}
    for n in waiting:
        r = rows[n.option_id]
        n.votes_for, n.votes_against, n.votes_abstain, n.base = r["for"], r["against"], r["abstain"], r["base"]
        n.status = NominationStatus.ADOPTED if r["passed"] else NominationStatus.REJECTED
        n.decided_on = poll.item.meeting.date
        _save(n, actor, ["votes_for", "votes_against", "votes_abstain", "base", "status", "decided_on"])
    return waiting


# --- the oath ------------------------------------------------------------------------------------


@transaction.atomic
def oath_record(
    *, date: dt.date, kind: str, leader: str, nomination_ids: list[int], actor: User, meeting: Meeting | None = None
) -> Oath:
    """The constitutional oath (宪法宣誓) of adopted appointees, individual or group (a group oath has
    someone leading it); at ``meeting`` when given."""
    nominations = list(Nomination.objects.select_for_update().filter(pk__in=nomination_ids))
    if not nominations or len(nominations) != len(set(nomination_ids)):
        raise AppointmentError(_("Choose the appointees taking the oath."))
    for n in nominations:
        if n.kind != NominationKind.APPOINT or n.status != NominationStatus.ADOPTED:
            raise AppointmentError(_("%(person)s has no adopted appointment awaiting the oath.") % {"person": n.person})
        if n.decided_on and date < n.decided_on:
            raise AppointmentError(_("The oath follows the vote (%(person)s).") % {"person": n.person})
    if kind == "individual" and len(nominations) > 1:
        raise AppointmentError(_("An individual oath is taken by one appointee."))
    oath = Oath(date=date, kind=kind, leader=leader.strip(), meeting=meeting)
    try:
        oath.full_clean()
    except ValidationError as exc:
        raise AppointmentError(" ".join(exc.messages)) from None
    as_actor(oath, actor)
    oath.save()
    oath.nominations.set(nominations)
    for n in nominations:
        n.status = NominationStatus.SWORN
        _save(n, actor, ["status"])
    return oath


# --- the performance review ------------------------------------------------------------------------


@transaction.atomic
def review_create(*, nomination_id: int, meeting_id: int, actor: User, unit: Organization | None = None) -> Review:
    """Schedule an appointee's performance review (述职评议) at a standing-committee meeting: the report
    falls due ``APPOINTMENT_REVIEW_REPORT_DAYS`` (20) days before the meeting, and reminders follow it."""
    nomination = Nomination.objects.select_related("organ").get(pk=nomination_id)
    if nomination.kind != NominationKind.APPOINT or nomination.status not in (
        NominationStatus.ADOPTED,
        NominationStatus.SWORN,
    ):
        raise AppointmentError(_("Only an appointee the committee appointed is reviewed."))
    meeting = _standing_meeting(meeting_id)
    if nomination.decided_on and meeting.date <= nomination.decided_on:
        raise AppointmentError(_("The review comes after the appointment."))
    due = deadline_compute(start=meeting.date, days=report_days(), working_days=False, before=True, event="meeting")
    review = Review(nomination=nomination, meeting=meeting, unit=unit or nomination.organ, report_due=due.date)
    as_actor(review, actor)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise AppointmentError(_("This appointee is already reviewed at this meeting.")) from None
    deadline_note_save(record=review, field="report_due", deadline=due, actor=actor)
    return review


@transaction.atomic
def review_report_file(*, review_id: int, report: str, actor: User, today: dt.date | None = None) -> Review:
    """File the appointee's performance report. Accepted late (up to the vote), but flagged: ``late``
    is true when it was filed after the day it was due."""
    review = Review.objects.select_for_update().get(pk=review_id)
    if review.status not in (ReviewStatus.DUE, ReviewStatus.FILED):
        raise AppointmentError(_("The members are already rating this review."))
    if not report.strip():
        raise AppointmentError(_("Write the report."))
    review.report, review.status = report.strip(), ReviewStatus.FILED
    if review.filed_on is None:
        review.filed_on, review.filed_by = today or timezone.localdate(), actor
    _save(review, actor, ["report", "status", "filed_on", "filed_by"])
    return review


@transaction.atomic
def review_vote_open(
    *, meeting_id: int, review_ids: Iterable[int], actor: User, electorate: str | Iterable[User] = Electorate.PRESENT
) -> Poll:
    """The members' secret satisfaction vote on the reviews at ``meeting``: one rating Poll (满意 /
    基本满意 / 不满意 on each appointee, an option each), an appointee rated satisfactory when
    satisfied + basically satisfied are more than half of the valid votes."""
    ids = sorted(set(review_ids))
    meeting = _standing_meeting(meeting_id)
    reviews = list(
        Review.objects.select_for_update(of=("self",))
        .select_related("nomination")
        .filter(pk__in=ids, meeting=meeting)
        .order_by("pk")
    )
    if not ids or len(reviews) != len(ids):
        raise AppointmentError(_("Choose the reviews of this meeting to put to the vote."))
    for r in reviews:
        if r.status != ReviewStatus.FILED:
            raise AppointmentError(
                _("%(person)s has no report filed, or is already rated.") % {"person": r.nomination.person}
            )
    with translation.override(settings.LANGUAGE_CODE):
        labels = ["%s（%s）" % (r.nomination.person, r.nomination.post) for r in reviews]
        title = _("Satisfaction vote on the performance reviews")
        item = _agenda_item(meeting, ItemKind.OTHER, str(title), reviews[0], actor)
        try:
            poll = poll_create(
                agenda_item=item,
                question=str(title),
                kind=PollKind.RATING,
                options=labels,
                mode=PollMode.SECRET,
                rule=MajorityRule.VALID,
                threshold=Threshold.HALF,
                electorate=electorate,
                actor=actor,
            )
        except MeetingError as exc:
            raise AppointmentError(str(exc)) from None
    for r, option in zip(reviews, poll.options.order_by("order", "pk")):
        r.item, r.poll, r.option, r.status = item, poll, option, ReviewStatus.VOTING
        _save(r, actor, ["item", "poll", "option", "status"])
    return poll


@transaction.atomic
def review_settle(*, poll_id: int, actor: User) -> list[Review]:
    """Record the satisfaction vote's result (the engine's count) on each review once it is closed."""
    poll = Poll.objects.select_for_update(of=("self",)).get(pk=poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise AppointmentError(_("Close the vote first."))
    waiting = list(Review.objects.select_for_update().filter(poll=poll, status=ReviewStatus.VOTING).order_by("pk"))
    if not waiting:
        raise AppointmentError(_("The outcome of this vote is already recorded."))
    rows = {r["option"].pk: r for r in poll_result(poll)["rows"]}
    for review in waiting:
        r = rows[review.option_id]
        review.satisfied, review.basically, review.unsatisfied = r["for"], r["abstain"], r["against"]
        review.passed, review.status = r["passed"], ReviewStatus.RATED
        _save(review, actor, ["satisfied", "basically", "unsatisfied", "passed", "status"])
    return waiting


def settle(*, poll_id: int, actor: User) -> list:
    """Record the outcome of a closed poll of this app, whichever it is (nominations or reviews)."""
    if Review.objects.filter(poll_id=poll_id).exists():
        return review_settle(poll_id=poll_id, actor=actor)
    return vote_settle(poll_id=poll_id, actor=actor)
