"""Proposal writes, one service per transition: lock the proposal row, check the move against MOVES,
change it with ``save(update_fields=...)``, append a StatusChange row, and send mail after commit
(``congress.services.notify`` queues email on commit). Locks are always taken proposal first, then
its assignment, so two services never wait on each other in opposite orders."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.deadlines import deadline_compute, deadline_note_save
from congress.files import check_upload
from congress.models import Organization, User
from congress.services import notify
from deputies.selectors import mandate_is_in_force, mandates_in_force
from proposals.models import (
    MOVES,
    Assignment,
    Attachment,
    Category,
    Cosignature,
    Decision,
    Evaluation,
    Extension,
    FollowUp,
    Kind,
    Proposal,
    ProposalRules,
    Reassignment,
    Reply,
    ReplyClass,
    Role,
    Satisfaction,
    SessionCounter,
    Status,
    StatusChange,
    SupervisionVisit,
)

EVENT_TEMPLATE = "proposals/email/event"


class ProposalError(Exception):
    """A refused action; the message is translated and shown as it is. ``field`` names the form
    field the refusal is about (the screen shows it there), when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def rules_for(proposal: Proposal) -> ProposalRules:
    return rules_for_congress(proposal.session.term.congress_id)


def rules_for_congress(congress_id: int) -> ProposalRules:
    return ProposalRules.objects.get_or_create(congress_id=congress_id)[0]


def _move(proposal: Proposal, to: str, actor: User | None, note: str = "", fields=()):
    if to not in MOVES.get(proposal.status, set()):
        raise ProposalError(
            _("A proposal that is “%(from)s” cannot become “%(to)s”.")
            % {"from": proposal.get_status_display(), "to": Status(to).label}
        )
    old, proposal.status = proposal.status, to
    as_actor(proposal, actor)
    proposal.save(update_fields=["status", *fields])
    StatusChange.objects.create(proposal=proposal, old=old, new=to, actor=actor, note=note[:300])


def _note(proposal: Proposal, actor: User | None, note: str):
    """A line in the status history for a change that keeps the status (supervision, publication)."""
    StatusChange.objects.create(
        proposal=proposal, old=proposal.status, new=proposal.status, actor=actor, note=note[:300]
    )


def _lock(proposal_id: int) -> Proposal:
    try:
        return (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("session__term", "lead__term")
            .get(pk=proposal_id)
        )
    except Proposal.DoesNotExist:
        raise ProposalError(_("This proposal does not exist."))


def _lock_assignment(assignment_id: int) -> tuple[Proposal, Assignment]:
    proposal_id = Assignment.objects.filter(pk=assignment_id).values_list("proposal_id", flat=True).first()
    if proposal_id is None:
        raise ProposalError(_("This assignment does not exist."))
    proposal = _lock(proposal_id)
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("unit").get(pk=assignment_id)
    return proposal, assignment


def _deputy_users(proposal: Proposal) -> list[User]:
    """The lead deputy, confirmed co-signers and the deputies whose proposals were merged into it."""
    users = [proposal.lead.user] if proposal.lead.user_id else []
    users += [
        c.deputy.user
        for c in proposal.cosignatures.filter(confirmed_at__isnull=False, deputy__user__isnull=False).select_related(
            "deputy__user"
        )
    ]
    users += [m.lead.user for m in proposal.merged.filter(lead__user__isnull=False).select_related("lead__user")]
    return list({u.pk: u for u in users if u.is_active}.values())


def _unit_users(unit_id: int) -> list[User]:
    from congress.models import Role as UserRole

    return list(User.objects.filter(organization_id=unit_id, groups__name=UserRole.UNIT, is_active=True).distinct())


def _tell(users, proposal: Proposal, event: str, **extra):
    if users:
        notify(
            recipients=users,
            template=EVENT_TEMPLATE,
            url=proposal.get_absolute_url(),
            context={"proposal": proposal, "event": event, **extra},
        )


def _today(on):
    return on or timezone.localdate()


def mandate_refusal(deputy, day: dt.date, *, cosign: bool = False) -> str:
    """Why ``deputy`` (whose mandate is not in force on ``day``) may not make or co-sign a proposal.
    Zero queries with ``deputy.term`` loaded; the views show the same sentence."""
    ended = deputy.rights_end
    if ended and ended <= day:
        message = (
            _("Your mandate as a deputy ended on %(date)s; you cannot co-sign proposals.")
            if cosign
            else _("Your mandate as a deputy ended on %(date)s; you cannot make proposals.")
        )
        return message % {"date": ended.isoformat()}
    message = (
        _("Your mandate as a deputy is not in force on %(date)s; you cannot co-sign proposals.")
        if cosign
        else _("Your mandate as a deputy is not in force on %(date)s; you cannot make proposals.")
    )
    return message % {"date": day.isoformat()}


def _require_mandate(deputy, day: dt.date, *, cosign: bool = False):
    """A deputy's rights come from their mandate in force on the day (deputies.selectors), not from the role."""
    if not mandate_is_in_force(deputy=deputy, on=day):
        raise ProposalError(mandate_refusal(deputy, day, cosign=cosign))


def _check_cosigners(cosigners, *, congress_id: int, day: dt.date):
    """Only deputies of the same congress whose mandates are in force on ``day`` are named co-signers."""
    if any(d.congress_id != congress_id for d in cosigners):
        raise ProposalError(_("Co-signers are deputies of the same congress."))
    in_force = mandates_in_force(deputies=cosigners, on=day)
    lapsed = [d for d in cosigners if d.pk not in in_force]
    if lapsed:
        raise ProposalError(
            _("The mandate of %(names)s is not in force; they cannot be named as co-signers.")
            % {"names": "、".join(d.full_name for d in lapsed)}
        )


# --- drafts, attachments, co-signers ------------------------------------------------------------


STARTING_CATEGORIES = ["城乡建设", "经济发展", "社会事业", "农业农村", "交通", "教育", "医疗卫生", "生态环境", "其他"]


def categories_ensure(*, using: str = "default") -> None:
    """Give an empty category list its starting categories (after a migrate or a flush); a list staff
    keep is never touched."""
    from django.db import connections

    if Category._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back before the categories
    if not Category.objects.using(using).exists():
        Category.objects.using(using).bulk_create(
            [Category(name=n, order=(i + 1) * 10) for i, n in enumerate(STARTING_CATEGORIES)], ignore_conflicts=True
        )


def category_for(category) -> Category:
    """The Category given, or the one named so (created when new: seeding, imports and scripts name
    categories by text; the forms offer only the active ones)."""
    if isinstance(category, Category):
        return category
    name = (category or "").strip()[:50]
    if not name:
        raise ProposalError(_("Choose a category."), field="category")
    return Category.objects.get_or_create(name=name)[0]


@transaction.atomic
def proposal_create(
    *, lead, session, kind: str, title: str, category: Category | str, content: str, cosigners=(), actor: User
) -> Proposal:
    """Create a draft (private to its author) naming co-signers who confirm after submission. The lead
    and the co-signers hold mandates of the session's congress in force today."""
    today = timezone.localdate()
    if lead.user_id != actor.pk and not actor.is_superuser:
        raise ProposalError(_("Deputies write their own proposals."))
    if lead.term_id != session.term_id:
        raise ProposalError(_("A proposal goes to a session of the deputy's own term."))
    _require_mandate(lead, today)
    cosigners = list({d.pk: d for d in cosigners if d.pk != lead.pk}.values())
    _check_cosigners(cosigners, congress_id=session.term.congress_id, day=today)
    category = category_for(category)
    proposal = Proposal(session=session, lead=lead, kind=kind, title=title, category=category, content=content)
    try:
        proposal.full_clean()
    except ValidationError as exc:
        raise ProposalError(" ".join(exc.messages))
    as_actor(proposal, actor)
    proposal.save()
    for deputy in cosigners:
        Cosignature.objects.create(proposal=proposal, deputy=deputy)
    return proposal


@transaction.atomic
def attachment_add(*, proposal_id: int, upload, actor: User, is_reply_letter: bool = False) -> Attachment:
    """Store a checked file under MEDIA_ROOT; deputies add files to their draft only."""
    proposal = _lock(proposal_id)
    if not is_reply_letter:
        if proposal.status != Status.DRAFT:
            raise ProposalError(_("Files are added to a draft, before it is submitted."))
        if proposal.lead.user_id != actor.pk and not actor.is_superuser:
            raise ProposalError(_("Only the lead deputy changes the draft."))
        _require_mandate(proposal.lead, timezone.localdate())
    max_bytes = rules_for(proposal).attachment_max_mb * 1024 * 1024
    try:
        mime = check_upload(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        raise ProposalError(" ".join(exc.messages), field="letter" if is_reply_letter else "files")
    attachment = Attachment(
        proposal=proposal,
        name=(upload.name or "file")[-200:],
        mime=mime,
        size=upload.size,
        uploaded_by=actor,
        is_reply_letter=is_reply_letter,
    )
    attachment.file.save(attachment.name, upload, save=False)
    as_actor(attachment, actor)
    attachment.save()
    return attachment


def _lock_own_draft(proposal_id: int, actor: User, *, refusal: str) -> Proposal:
    """Lock a draft its lead deputy (with a mandate in force today) may still change."""
    proposal = _lock(proposal_id)
    if proposal.lead.user_id != actor.pk and not actor.is_superuser:
        raise ProposalError(_("Only the lead deputy changes the draft."))
    if proposal.status != Status.DRAFT:
        raise ProposalError(refusal)
    _require_mandate(proposal.lead, timezone.localdate())
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal_id: int, kind: str, title: str, category: Category | str, content: str, cosigners=(), actor: User
) -> Proposal:
    """Change a draft's text and its named co-signers (nobody has confirmed before submission, so
    removing a name loses no confirmation). The same checks as ``proposal_create``."""
    proposal = _lock_own_draft(proposal_id, actor, refusal=_("Only a draft can be changed."))
    cosigners = list({d.pk: d for d in cosigners if d.pk != proposal.lead_id}.values())
    _check_cosigners(cosigners, congress_id=proposal.session.term.congress_id, day=timezone.localdate())
    category = category_for(category)
    proposal.kind, proposal.title, proposal.category, proposal.content = kind, title, category, content
    try:
        proposal.full_clean()
    except ValidationError as exc:
        raise ProposalError(" ".join(exc.messages))
    as_actor(proposal, actor)
    proposal.save(update_fields=["kind", "title", "category", "content"])
    wanted = {d.pk for d in cosigners}
    for cosignature in proposal.cosignatures.exclude(deputy_id__in=wanted):
        as_actor(cosignature, actor)
        cosignature.delete()
    have = set(proposal.cosignatures.values_list("deputy_id", flat=True))
    for deputy_id in sorted(wanted - have):
        as_actor(Cosignature(proposal=proposal, deputy_id=deputy_id), actor).save()
    return proposal


@transaction.atomic
def attachment_remove(*, attachment_id: int, actor: User) -> None:
    """Remove a file from a draft (the lead deputy, only before submission). The row's history keeps
    who removed it and when; the stored file is deleted once the removal is committed."""
    proposal_id = Attachment.objects.filter(pk=attachment_id).values_list("proposal_id", flat=True).first()
    if proposal_id is None:
        raise ProposalError(_("This file does not exist."))
    _lock_own_draft(proposal_id, actor, refusal=_("Files are removed from a draft, before it is submitted."))
    attachment = Attachment.objects.select_for_update().get(pk=attachment_id)
    if attachment.is_reply_letter:
        raise ProposalError(_("A signed reply letter stays with its reply."))
    stored, storage = attachment.file.name, attachment.file.storage
    as_actor(attachment, actor)
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def proposal_withdraw(*, proposal_id: int, actor: User) -> Proposal:
    """The lead deputy withdraws a draft. It was never numbered, so nothing depends on it; it is kept
    (status 'withdrawn', with its history and files, private to its author) rather than deleted, and
    cannot be submitted or changed any more."""
    proposal = _lock(proposal_id)
    if proposal.lead.user_id != actor.pk and not actor.is_superuser:
        raise ProposalError(_("Only the lead deputy withdraws the draft."))
    if proposal.status != Status.DRAFT:
        raise ProposalError(_("Only a draft can be withdrawn; a submitted proposal is handled to the end."))
    _move(proposal, Status.WITHDRAWN, actor)
    return proposal


@transaction.atomic
def cosign_confirm(*, proposal_id: int, actor: User) -> Cosignature:
    """The named co-signer confirms; a second confirmation is refused."""
    proposal = _lock(proposal_id)
    cosignature = (
        Cosignature.objects.select_for_update(of=("self",))
        .filter(proposal=proposal, deputy__user=actor)
        .select_related("deputy__term")
        .first()
    )
    if cosignature is None:
        raise ProposalError(_("You are not named as a co-signer of this proposal."))
    if cosignature.confirmed_at:
        raise ProposalError(_("You have already confirmed."))
    if proposal.status not in (Status.SUBMITTED, Status.REGISTERED):
        raise ProposalError(_("This proposal can no longer be co-signed."))
    _require_mandate(cosignature.deputy, timezone.localdate(), cosign=True)
    cosignature.confirmed_at = timezone.now()
    as_actor(cosignature, actor)
    cosignature.save(update_fields=["confirmed_at"])
    return cosignature


@transaction.atomic
def proposal_submit(*, proposal_id: int, actor: User, today: dt.date | None = None) -> Proposal:
    """Submit a draft: it takes the session's next number (第N号). The session's counter row is
    locked until commit, so concurrent submissions queue on it and numbers have no gaps or twins.
    The lead's mandate is in force on the day (else nothing is numbered); a motion counts only the
    named co-signers whose mandates are in force."""
    proposal = _lock(proposal_id)
    if proposal.status != Status.DRAFT:
        raise ProposalError(_("This proposal was already submitted."))
    if proposal.lead.user_id != actor.pk and not actor.is_superuser:
        raise ProposalError(_("Only the lead deputy submits."))
    day = _today(today)
    _require_mandate(proposal.lead, day)
    rules = rules_for(proposal)
    named = len(mandates_in_force(deputies=proposal.cosignatures.values("deputy_id"), on=day))
    if proposal.kind == Kind.MOTION and named < rules.motion_cosigners:
        raise ProposalError(_("A motion needs at least %(n)d co-signers.") % {"n": rules.motion_cosigners})
    SessionCounter.objects.get_or_create(session_id=proposal.session_id)
    counter = SessionCounter.objects.select_for_update().get(session_id=proposal.session_id)
    counter.last += 1
    counter.save(update_fields=["last"])
    proposal.number, proposal.submitted_on = counter.last, day
    _move(proposal, Status.SUBMITTED, actor, fields=["number", "submitted_on"])
    cosigners = [
        c.deputy.user for c in proposal.cosignatures.filter(deputy__user__isnull=False).select_related("deputy__user")
    ]
    _tell(cosigners, proposal, "cosign")
    return proposal


# --- registration, merging, assignment ----------------------------------------------------------


@transaction.atomic
def proposal_register(*, proposal_id: int, actor: User) -> Proposal:
    """Register (立案). A motion needs the congress's number of confirmed co-signers first."""
    proposal = _lock(proposal_id)
    rules = rules_for(proposal)
    if (
        proposal.kind == Kind.MOTION
        and proposal.status == Status.SUBMITTED
        and proposal.cosignatures.filter(confirmed_at__isnull=False).count() < rules.motion_cosigners
    ):
        raise ProposalError(
            _("A motion is registered once %(n)d co-signers have confirmed.") % {"n": rules.motion_cosigners}
        )
    _move(proposal, Status.REGISTERED, actor)
    return proposal


@transaction.atomic
def proposal_not_register(*, proposal_id: int, reason: str, actor: User) -> Proposal:
    """Not registered (不予立案): kept as a letter for reference, with the reason told to the deputy."""
    if not reason.strip():
        raise ProposalError(_("Give the reason it is not registered."))
    proposal = _lock(proposal_id)
    proposal.not_registered_reason = reason.strip()[:300]
    _move(proposal, Status.NOT_REGISTERED, actor, note=reason, fields=["not_registered_reason"])
    _tell(_deputy_users(proposal), proposal, "not_registered", reason=proposal.not_registered_reason)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal_id: int, into_id: int, actor: User) -> Proposal:
    """Merge a proposal into another of the same session (并案); its deputy is answered with the other's reply."""
    if proposal_id == into_id:
        raise ProposalError(_("A proposal cannot be merged into itself."))
    first, second = sorted([proposal_id, into_id])
    locked = {first: _lock(first), second: _lock(second)}
    proposal, target = locked[proposal_id], locked[into_id]
    if target.session_id != proposal.session_id:
        raise ProposalError(_("Only proposals of the same session are merged."))
    if target.status in (Status.DRAFT, Status.NOT_REGISTERED, Status.MERGED, Status.CLOSED):
        raise ProposalError(_("The proposal to merge into must be submitted and still open."))
    proposal.merged_into = target
    _move(proposal, Status.MERGED, actor, note=str(target), fields=["merged_into"])
    _tell(_deputy_users(proposal), proposal, "merged", target=target)
    return proposal


@transaction.atomic
def proposal_assign(
    *, proposal_id: int, lead: Organization, assisting=(), joint=(), actor: User, on: dt.date | None = None
) -> list[Assignment]:
    """Assign to one lead unit (主办) and optional assisting (协办) and joint (会办) units. The lead's
    and joint units' deadline is the congress's reply period after ``on``, the assisting units' their
    opinion period; month ends are clamped (31 Jan + 1 month = 28/29 Feb)."""
    proposal = _lock(proposal_id)
    on = _today(on)
    rules = rules_for(proposal)
    _move(proposal, Status.ASSIGNED, actor)
    units, seen = [], {lead.pk}
    units.append((lead, Role.LEAD, deadline_compute(start=on, months=rules.reply_months, event="assigned")))
    for group, role, months in ((joint, Role.JOINT, rules.reply_months), (assisting, Role.ASSIST, rules.assist_months)):
        for unit in group:
            if unit.pk not in seen:
                seen.add(unit.pk)
                units.append((unit, role, deadline_compute(start=on, months=months, event="assigned")))
    created = []
    for unit, role, deadline in units:
        a = Assignment(proposal=proposal, unit=unit, role=role, assigned_on=on, deadline=deadline.date)
        as_actor(a, actor)
        a.save()
        deadline_note_save(record=a, field="deadline", deadline=deadline, actor=actor)
        created.append(a)
        _tell(_unit_users(unit.pk), proposal, "assigned", assignment=a)
    return created


def proposals_assign_bulk(
    *, proposal_ids, lead: Organization, assisting=(), actor: User, on: dt.date | None = None
) -> tuple[list[int], list[str]]:
    """Assign several registered proposals alike, each in its own transaction through proposal_assign;
    return (assigned ids, messages for those refused)."""
    done, refused = [], []
    for pk in proposal_ids:
        try:
            proposal_assign(proposal_id=pk, lead=lead, assisting=assisting, actor=actor, on=on)
            done.append(pk)
        except ProposalError as exc:
            refused.append("#%s: %s" % (pk, exc))
    return done, refused


# --- the units' side ----------------------------------------------------------------------------


def _check_open(assignment: Assignment, user: User):
    if assignment.unit_id != user.organization_id and not user.is_superuser:
        raise ProposalError(_("This assignment is not your unit's."))
    if not assignment.is_open:
        raise ProposalError(_("This assignment has already been replied to."))


@transaction.atomic
def reassignment_request(
    *,
    assignment_id: int,
    reason: str,
    suggested_unit: Organization | None = None,
    actor: User,
    today: dt.date | None = None,
) -> Reassignment:
    """A unit asks staff, within the congress's window after assignment, to give the matter to another unit."""
    proposal, assignment = _lock_assignment(assignment_id)
    _check_open(assignment, actor)
    if not reason.strip():
        raise ProposalError(_("Give the reason."))
    window = rules_for(proposal).reassign_days
    last_day = deadline_compute(
        start=assignment.assigned_on, days=window, congress=proposal.session.term.congress_id, event="assigned"
    )
    if _today(today) > last_day.date:
        raise ProposalError(
            _("Reassignment may be asked within %(n)d days of the assignment (%(why)s).")
            % {"n": window, "why": last_day.explanation}
        )
    try:
        with transaction.atomic():
            request = Reassignment(assignment=assignment, reason=reason.strip()[:500], suggested_unit=suggested_unit)
            as_actor(request, actor)
            request.save()
    except IntegrityError:
        raise ProposalError(_("A request for this assignment is already waiting for staff."))
    return request


@transaction.atomic
def reassignment_decide(
    *,
    reassignment_id: int,
    approve: bool,
    actor: User,
    unit: Organization | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> Reassignment:
    """Staff approve (the assignment is withdrawn and given to ``unit`` with a deadline counted from
    ``on``) or refuse with a reason."""
    assignment_id = Reassignment.objects.filter(pk=reassignment_id).values_list("assignment_id", flat=True).first()
    if assignment_id is None:
        raise ProposalError(_("This request does not exist."))
    proposal, assignment = _lock_assignment(assignment_id)
    request = Reassignment.objects.select_for_update().get(pk=reassignment_id)
    if request.status != Decision.PENDING:
        raise ProposalError(_("This request has already been decided."))
    on = _today(on)
    if approve:
        if unit is None or unit.pk == assignment.unit_id:
            raise ProposalError(_("Choose another unit to take it over."))
        if proposal.assignments.filter(unit=unit, round=assignment.round, withdrawn_on__isnull=True).exists():
            raise ProposalError(_("That unit already handles this proposal."))
        if not assignment.is_open:
            raise ProposalError(_("This assignment has already been replied to."))
        rules = rules_for(proposal)
        months = rules.assist_months if assignment.role == Role.ASSIST else rules.reply_months
        assignment.withdrawn_on = on
        as_actor(assignment, actor)
        assignment.save(update_fields=["withdrawn_on"])
        deadline = deadline_compute(start=on, months=months, event="reassigned")
        new = Assignment(
            proposal=proposal,
            unit=unit,
            role=assignment.role,
            assigned_on=on,
            deadline=deadline.date,
            round=assignment.round,
        )
        as_actor(new, actor)
        new.save()
        deadline_note_save(record=new, field="deadline", deadline=deadline, actor=actor)
        request.status, request.new_assignment = Decision.APPROVED, new
        _note(proposal, actor, _("Reassigned from %(old)s to %(new)s.") % {"old": assignment.unit, "new": unit})
        _tell(_unit_users(unit.pk), proposal, "assigned", assignment=new)
    else:
        if not reason.strip():
            raise ProposalError(_("Give the reason for refusing."))
        request.status = Decision.REFUSED
    request.decision_reason, request.decided_by = reason.strip()[:500], actor
    as_actor(request, actor)
    request.save(update_fields=["status", "new_assignment", "decision_reason", "decided_by"])
    _tell(_unit_users(assignment.unit_id), proposal, "reassignment_decided", request=request)
    return request


@transaction.atomic
def assisting_opinion_submit(*, assignment_id: int, text: str, actor: User, on: dt.date | None = None) -> Assignment:
    """An assisting or joint unit sends its opinion to the lead unit (once)."""
    proposal, assignment = _lock_assignment(assignment_id)
    if assignment.role == Role.LEAD:
        raise ProposalError(_("The lead unit replies to the deputy; it sends no opinion."))
    _check_open(assignment, actor)
    if not text.strip():
        raise ProposalError(_("Write the opinion."))
    assignment.opinion, assignment.replied_on = text.strip(), _today(on)
    as_actor(assignment, actor)
    assignment.save(update_fields=["opinion", "replied_on"])
    lead = proposal.assignments.filter(role=Role.LEAD, round=assignment.round, withdrawn_on__isnull=True).first()
    if lead:
        _tell(_unit_users(lead.unit_id), proposal, "opinion", assignment=assignment)
    return assignment


@transaction.atomic
def reply_submit(
    *, assignment_id: int, cls: str, text: str, actor: User, letter=None, on: dt.date | None = None
) -> Reply:
    """The lead unit's reply (class A–D, text, the signed letter as a checked file). Assisting units
    still open in the round are closed with it. The deputies are told."""
    proposal, assignment = _lock_assignment(assignment_id)
    if assignment.role != Role.LEAD:
        raise ProposalError(_("The lead unit replies; assisting units send their opinion to it."))
    _check_open(assignment, actor)
    if proposal.status != Status.ASSIGNED:
        raise ProposalError(_("This proposal is not waiting for a reply."))
    if cls not in ReplyClass.values:
        raise ProposalError(_("Choose the class of the reply."))
    if not text.strip():
        raise ProposalError(_("Write the reply."))
    on = _today(on)
    attachment = None
    if letter is not None:
        attachment = attachment_add(proposal_id=proposal.pk, upload=letter, actor=actor, is_reply_letter=True)
    reply = Reply(assignment=assignment, cls=cls, text=text.strip(), replied_on=on, letter=attachment)
    as_actor(reply, actor)
    reply.save()
    assignment.replied_on = on
    as_actor(assignment, actor)
    assignment.save(update_fields=["replied_on"])
    Assignment.objects.filter(
        proposal=proposal, round=assignment.round, replied_on__isnull=True, withdrawn_on__isnull=True
    ).update(replied_on=on)
    _move(proposal, Status.REPLIED, actor)
    _tell(_deputy_users(proposal), proposal, "replied", reply=reply)
    return reply


@transaction.atomic
def extension_request(*, assignment_id: int, new_deadline: dt.date, reason: str, actor: User) -> Extension:
    """The lead unit asks for a later deadline, at most the congress's limit after the assignment."""
    proposal, assignment = _lock_assignment(assignment_id)
    _check_open(assignment, actor)
    if assignment.role != Role.LEAD:
        raise ProposalError(_("Only the lead unit asks for an extension."))
    if not reason.strip():
        raise ProposalError(_("Give the reason."))
    _check_extension(proposal, assignment, new_deadline)
    try:
        with transaction.atomic():
            ext = Extension(assignment=assignment, new_deadline=new_deadline, reason=reason.strip()[:500])
            as_actor(ext, actor)
            ext.save()
    except IntegrityError:
        raise ProposalError(_("A request for this assignment is already waiting for staff."))
    return ext


def _check_extension(proposal, assignment, new_deadline):
    limit = deadline_compute(start=assignment.assigned_on, months=rules_for(proposal).max_months).date
    if new_deadline <= assignment.deadline:
        raise ProposalError(_("The new deadline must be later than the current one."))
    if new_deadline > limit:
        raise ProposalError(
            _("With extensions the reply is due by %(limit)s at the latest.") % {"limit": limit.isoformat()}
        )


@transaction.atomic
def extension_decide(*, extension_id: int, approve: bool, actor: User, reason: str = "") -> Extension:
    """Staff approve (the assignment's deadline moves; reminders follow the new one) or refuse with a reason."""
    assignment_id = Extension.objects.filter(pk=extension_id).values_list("assignment_id", flat=True).first()
    if assignment_id is None:
        raise ProposalError(_("This request does not exist."))
    proposal, assignment = _lock_assignment(assignment_id)
    ext = Extension.objects.select_for_update().get(pk=extension_id)
    if ext.status != Decision.PENDING:
        raise ProposalError(_("This request has already been decided."))
    if approve:
        if not assignment.is_open:
            raise ProposalError(_("This assignment has already been replied to."))
        _check_extension(proposal, assignment, ext.new_deadline)
        assignment.deadline = ext.new_deadline
        as_actor(assignment, actor)
        assignment.save(update_fields=["deadline"])
        ext.status = Decision.APPROVED
        _note(proposal, actor, _("Deadline extended to %(day)s.") % {"day": ext.new_deadline.isoformat()})
    else:
        if not reason.strip():
            raise ProposalError(_("Give the reason for refusing."))
        ext.status = Decision.REFUSED
    ext.decision_reason, ext.decided_by = reason.strip()[:500], actor
    as_actor(ext, actor)
    ext.save(update_fields=["status", "decision_reason", "decided_by"])
    _tell(_unit_users(assignment.unit_id), proposal, "extension_decided", extension=ext)
    return ext


# --- the deputy's evaluation, follow-ups --------------------------------------------------------


@transaction.atomic
def proposal_evaluate(
    *, proposal_id: int, result: str, comment: str, actor: User, today: dt.date | None = None
) -> Evaluation:
    """The lead deputy evaluates the round's reply. Unsatisfied (first round) reopens handling by the
    same lead unit with the re-handling period; a B or C reply accepted goes to follow-up; else closed."""
    proposal = _lock(proposal_id)
    if proposal.lead.user_id != actor.pk and not actor.is_superuser:
        raise ProposalError(_("Only the lead deputy evaluates."))
    if proposal.status != Status.REPLIED:
        raise ProposalError(_("Only a replied proposal can be evaluated."))
    if result not in Satisfaction.values:
        raise ProposalError(_("Choose an evaluation."))
    lead = (
        proposal.assignments.filter(role=Role.LEAD, withdrawn_on__isnull=True)
        .order_by("-round")
        .select_related("reply")
        .first()
    )
    current = lead.round
    try:
        with transaction.atomic():
            evaluation = Evaluation(
                proposal=proposal, round=current, result=result, comment=comment.strip()[:500], on=_today(today)
            )
            as_actor(evaluation, actor)
            evaluation.save()
    except IntegrityError:
        raise ProposalError(_("This reply has already been evaluated."))
    if result == Satisfaction.UNSATISFIED and current == 1:
        today = _today(today)
        deadline = deadline_compute(start=today, months=rules_for(proposal).rehandle_months, event="rehandle")
        again = Assignment(
            proposal=proposal,
            unit_id=lead.unit_id,
            role=Role.LEAD,
            assigned_on=today,
            deadline=deadline.date,
            round=current + 1,
        )
        as_actor(again, actor)
        again.save()
        deadline_note_save(record=again, field="deadline", deadline=deadline, actor=actor)
        _move(proposal, Status.ASSIGNED, actor, note=_("Unsatisfied: handled again."))
        _tell(_unit_users(lead.unit_id), proposal, "rehandle", assignment=again)
    elif result != Satisfaction.UNSATISFIED and lead.reply.cls in (ReplyClass.B, ReplyClass.C):
        _move(proposal, Status.FOLLOW_UP, actor)
    else:
        _move(proposal, Status.CLOSED, actor)
    return evaluation


@transaction.atomic
def follow_up_add(*, proposal_id: int, text: str, solved: bool, actor: User, on: dt.date | None = None) -> FollowUp:
    """The lead unit reports progress on a B or C reply; once solved, the proposal is closed."""
    proposal = _lock(proposal_id)
    if proposal.status != Status.FOLLOW_UP:
        raise ProposalError(_("This proposal is not being followed up."))
    lead = proposal.assignments.filter(role=Role.LEAD, withdrawn_on__isnull=True).order_by("-round").first()
    if lead.unit_id != actor.organization_id and not actor.is_superuser:
        raise ProposalError(_("The lead unit reports the follow-up."))
    if not text.strip():
        raise ProposalError(_("Write the progress."))
    follow = FollowUp(proposal=proposal, unit_id=lead.unit_id, text=text.strip(), solved=solved, on=_today(on))
    as_actor(follow, actor)
    follow.save()
    if solved:
        _move(proposal, Status.CLOSED, actor, note=_("Solved."))
    _tell(_deputy_users(proposal), proposal, "follow_up", follow=follow)
    return follow


# --- supervision, publication -------------------------------------------------------------------


@transaction.atomic
def proposal_supervise(*, proposal_id: int, mark: bool, actor: User) -> Proposal:
    """A leader marks (or unmarks) a proposal for key supervision (重点督办) and becomes its supervisor."""
    proposal = _lock(proposal_id)
    if proposal.status in (Status.DRAFT, Status.NOT_REGISTERED, Status.MERGED):
        raise ProposalError(_("Only registered proposals are supervised."))
    if proposal.key_supervision == mark:
        raise ProposalError(_("Nothing to change."))
    proposal.key_supervision, proposal.supervising_leader = mark, actor if mark else None
    as_actor(proposal, actor)
    proposal.save(update_fields=["key_supervision", "supervising_leader"])
    _note(proposal, actor, _("Marked for key supervision.") if mark else _("Key supervision ended."))
    return proposal


@transaction.atomic
def supervision_visit_record(*, proposal_id: int, on: dt.date, notes: str, actor: User) -> SupervisionVisit:
    proposal = _lock(proposal_id)
    if not proposal.key_supervision:
        raise ProposalError(_("Visits are recorded for proposals under key supervision."))
    if not notes.strip():
        raise ProposalError(_("Write what was found."))
    visit = SupervisionVisit(proposal=proposal, leader=actor, on=on, notes=notes.strip())
    as_actor(visit, actor)
    visit.save()
    return visit


@transaction.atomic
def proposal_publish(*, proposal_id: int, publish: bool, actor: User) -> Proposal:
    """Show (or hide) a replied proposal and its reply on the public pages."""
    proposal = _lock(proposal_id)
    if publish and proposal.status not in (Status.REPLIED, Status.FOLLOW_UP, Status.CLOSED):
        raise ProposalError(_("Only a replied proposal is published."))
    if proposal.published == publish:
        raise ProposalError(_("Nothing to change."))
    proposal.published = publish
    as_actor(proposal, actor)
    proposal.save(update_fields=["published"])
    _note(proposal, actor, _("Published.") if publish else _("Withdrawn from the public pages."))
    return proposal
