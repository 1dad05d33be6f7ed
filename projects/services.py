"""Writes for livelihood projects: solicitation, the vote's decision, progress, year-end status."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.deadlines import Deadline, deadline_compute, deadline_note_save
from congress.files import check_photo
from congress.models import Congress, User
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
)
from meetings.services import MeetingError, poll_break_tie, poll_create, poll_result
from projects.models import (
    ADOPTED_STATUSES,
    Idea,
    IdeaSource,
    IdeaStatus,
    Milestone,
    ProgressReport,
    Project,
    ProjectStatus,
    Slate,
    SlateStatus,
    Suggestion,
    SuggestionStatus,
)


class ProjectError(Exception):
    """A rule refused the change; the message says why (translated)."""


def idea_submit_public(
    *, congress: Congress, year: int, title: str, description: str, submitted_by: str = "", contact: str = ""
) -> Idea:
    idea = Idea(
        congress=congress,
        year=year,
        source=IdeaSource.PUBLIC,
        title=title,
        description=description,
        submitted_by=submitted_by,
        contact=contact,
    )
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def idea_screen(*, idea_id: int, status: str, note: str, actor: User) -> Idea:
    """Screen a solicited idea: taken onto the slate, or not taken up (with the reason). Once screened
    it may be screened again (the office changes its mind), but not to the same outcome twice."""
    idea = Idea.objects.select_for_update().get(pk=idea_id)
    if status not in (IdeaStatus.ACCEPTED, IdeaStatus.DECLINED):
        raise ProjectError(_("Choose taken onto the slate or not taken up."))
    note = " ".join(note.split())
    if status == IdeaStatus.DECLINED and not note:
        raise ProjectError(_("Say why the idea is not taken up."))
    if idea.status == status and idea.screening_note == note:
        raise ProjectError(_("This screening is already recorded."))
    idea.status, idea.screening_note = status, note[:300]
    as_actor(idea, actor)
    idea.save(update_fields=["status", "screening_note"])
    return idea


REPORT_EVERY_DAYS = 90  # a progress report is due this many days after the adoption or the last report


def _report_every() -> int:
    return int(getattr(settings, "PROJECTS_REPORT_EVERY_DAYS", REPORT_EVERY_DAYS))


def _report_due(start: dt.date) -> Deadline:
    """The next progress report's due date, ``PROJECTS_REPORT_EVERY_DAYS`` calendar days after ``start``
    through the one deadline function (a last day on a holiday or rest day moves to the next working day)."""
    return deadline_compute(start=start, days=_report_every(), working_days=False)


def session_meeting(slate: Slate, actor: User) -> Meeting:
    """The congress session's meeting the slate is voted at (created from the session if not yet there)."""
    meeting = Meeting.objects.filter(type=MeetingType.CONGRESS, session=slate.session).order_by("date", "pk").first()
    if meeting is None:
        meeting = Meeting(
            type=MeetingType.CONGRESS,
            session=slate.session,
            title=str(slate.session)[:200],
            date=slate.session.start_date,
        )
        as_actor(meeting, actor)
        meeting.save()
    return meeting


def _agenda_item(meeting: Meeting, slate: Slate, kind: str, title: str, actor: User) -> AgendaItem:
    """The session's agenda item a poll on the slate sits under, linked to the slate."""
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        order=meeting.items.count() + 1,
        title=title % {"year": slate.year},
        content_type=ContentType.objects.get_for_model(Slate),
        object_id=str(slate.pk),
    )
    as_actor(item, actor)
    item.save()
    return item


def deputies_in_office(congress: Congress, on: dt.date) -> int:
    """All deputies of ``congress`` by their mandates in force on ``on`` (with or without an account)."""
    from deputies.models import Deputy
    from deputies.selectors import in_office_on

    return in_office_on(Deputy.objects.filter(congress=congress), on).count()


@transaction.atomic
def slate_open_vote(
    *, slate_id: int, actor: User, electorate: str | Iterable[User] = Electorate.PRESENT, meeting: Meeting | None = None
) -> Slate:
    """Put a slate to the vote: it needs more candidates than places (差额) and the number of all
    deputies. The vote is a secret Poll of the meetings engine on an agenda item of the congress
    session's meeting: 'slate' (for/against/abstain on each) or 'choose' (up to the places) as the
    congress's rules say, measured against all deputies (rule 'deputies', base = ``slate.electorate``,
    else the deputies whose mandates are in force on the session's first day, then recorded on the
    slate). The chair opens it from the meeting like any poll; ``electorate`` says who may vote
    (default: the deputies marked present at the session when it opens, never the expected ones),
    or named voters, e.g. for a town congress."""
    slate = Slate.objects.select_for_update(of=("self",)).select_related("session__term__congress").get(pk=slate_id)
    if slate.status != SlateStatus.DRAFT:
        raise ProjectError(_("This slate has already been put to the vote."))
    candidates = list(slate.projects.select_for_update().order_by("pk"))
    if len(candidates) <= slate.places:
        raise ProjectError(
            _("A slate needs more candidates (%(c)d) than places (%(p)d).") % {"c": len(candidates), "p": slate.places}
        )
    if not slate.electorate:
        slate.electorate = deputies_in_office(slate.congress, slate.session.start_date) or None
    if not slate.electorate:
        raise ProjectError(_("Give the number of all deputies of the congress first."))
    if len({p.title.strip() for p in candidates}) != len(candidates):
        raise ProjectError(_("Two candidates have the same title."))
    meeting = meeting or session_meeting(slate, actor)
    item = _agenda_item(meeting, slate, ItemKind.DECISION, _("Vote on the %(year)s livelihood projects"), actor)
    try:
        poll = poll_create(
            agenda_item=item,
            question=str(item.title),
            kind=slate.vote_kind,
            options=[p.title for p in candidates],
            mode=PollMode.SECRET,
            rule=MajorityRule.ALL_DEPUTIES,
            base=slate.electorate,
            electorate=electorate,
            max_choices=slate.places,
            actor=actor,
        )
    except MeetingError as exc:
        raise ProjectError(str(exc)) from None
    for project, option in zip(candidates, poll.options.order_by("order")):
        project.option = option
        project.save(update_fields=["option"])
    slate.status, slate.poll = SlateStatus.VOTING, poll
    as_actor(slate, actor)
    slate.save(update_fields=["status", "poll", "electorate"])
    return slate


def ranking(slate: Slate, result: dict) -> list[dict]:
    """The engine's result per candidate, best first: ``project`` (id), ``rank`` (by votes for; a
    recorded tie decision orders the tied), ``votes`` (for, against, abstain), ``passed`` (more votes
    for than half of all deputies and within the places), ``tied`` and ``pending`` (tied at the last
    place, not yet settled)."""
    projects = {p.option_id: p.pk for p in slate.projects.all()}
    rows = [
        {
            "project": projects[r["option"].pk],
            "rank": r["rank"],
            "votes": (r["for"], r["against"], r["abstain"]),
            "passed": r["passed"],
            "tied": r["tied"],
            "pending": r["pending"],
        }
        for r in result["rows"]
        if r["option"].pk in projects
    ]
    return sorted(rows, key=lambda r: (r["rank"], r["project"]))


@transaction.atomic
def slate_decide(
    *, slate_id: int, actor: User, on: dt.date | None = None, tie_order: list[int] | None = None, note: str = ""
) -> list[Project]:
    """Record the closed vote's result (the engine's count and ranks) and adopt the projects that
    passed within the places. A tie at the last place is refused unless ``tie_order`` (candidate
    project ids, best first) and a ``note`` say how the session settled it: recorded on the poll with
    ``poll_break_tie``, so the ranks follow it. A shortfall (fewer passing than places) is recorded
    as it is."""
    slate = Slate.objects.select_for_update(of=("self",)).select_related("poll").get(pk=slate_id)
    if slate.status != SlateStatus.VOTING:
        raise ProjectError(_("Only a slate put to the vote can be decided."))
    if slate.poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise ProjectError(_("Close the vote first."))
    projects = {p.pk: p for p in slate.projects.select_for_update()}
    tie = poll_result(slate.poll)["tie"]
    if tie and not tie["resolved"]:
        titles = "、".join(o.label for o in tie["options"])
        if not tie_order:
            raise ProjectError(
                _("Tie for the last place between %(titles)s: record how the session settled it.") % {"titles": titles}
            )
        if not note.strip():
            raise ProjectError(_("Record how the tie was settled."))
        option_of = {pid: p.option_id for pid, p in projects.items()}
        order = [option_of[pid] for pid in tie_order if option_of.get(pid) in tie["option_ids"]]
        try:
            poll_break_tie(poll_id=slate.poll_id, order=order, reason=note, actor=actor)
        except MeetingError as exc:
            raise ProjectError(str(exc)) from None
    elif tie_order:
        raise ProjectError(_("There is no tie at the last place to settle."))
    rows = ranking(slate, poll_result(Poll.objects.get(pk=slate.poll_id)))
    adopted = [r["project"] for r in rows if r["passed"]][: slate.places]
    on = on or timezone.localdate()
    for r in rows:
        project = projects[r["project"]]
        project.votes_for, project.votes_against, project.votes_abstain = r["votes"]
        project.rank = r["rank"]
        project.status = ProjectStatus.IN_PROGRESS if r["project"] in adopted else ProjectStatus.NOT_ADOPTED
        due = _report_due(on) if r["project"] in adopted else None
        project.report_due = due.date if due else None
        as_actor(project, actor)
        project.save(update_fields=["votes_for", "votes_against", "votes_abstain", "rank", "status", "report_due"])
        if due:
            deadline_note_save(record=project, field="report_due", deadline=due, actor=actor)
    slate.status, slate.decided_on = SlateStatus.DECIDED, on
    slate.decision_note = note.strip() or (tie["decision"].reason if tie and tie["decision"] else "")
    as_actor(slate, actor)
    slate.save(update_fields=["status", "decided_on", "decision_note"])
    return [projects[pid] for pid in adopted]


@transaction.atomic
def satisfaction_poll_create(
    *, slate_id: int, actor: User, meeting: Meeting, electorate: str | Iterable[User] = Electorate.PRESENT
) -> Slate:
    """The year-end satisfaction vote (满意度测评) by deputies at the next session: one secret rating
    poll (满意/基本满意/不满意 on each adopted project) on an agenda item of ``meeting``, by the
    deputies present when it opens (or named voters). Its quorum is measured against all deputies by
    their mandates in force on the meeting's day (else the slate's number of all deputies)."""
    slate = Slate.objects.select_for_update(of=("self",)).select_related("session__term__congress").get(pk=slate_id)
    if slate.status != SlateStatus.DECIDED:
        raise ProjectError(_("Only a decided slate's projects are rated."))
    if slate.satisfaction_poll_id:
        raise ProjectError(_("The satisfaction vote has already been set up."))
    if meeting.type != MeetingType.CONGRESS:
        raise ProjectError(_("The satisfaction vote is held at a congress session."))
    adopted = list(slate.projects.select_for_update().filter(status__in=ADOPTED_STATUSES).order_by("rank", "pk"))
    item = _agenda_item(
        meeting, slate, ItemKind.OTHER, _("Satisfaction vote on the %(year)s livelihood projects"), actor
    )
    try:
        base = (
            None
            if not isinstance(electorate, str)
            else (deputies_in_office(slate.congress, meeting.date) or slate.electorate)
        )
        poll = poll_create(
            agenda_item=item,
            question=str(item.title),
            kind=PollKind.RATING,
            options=[p.title for p in adopted],
            mode=PollMode.SECRET,
            rule=MajorityRule.VALID,
            base=base,
            electorate=electorate,
            actor=actor,
        )
    except MeetingError as exc:
        raise ProjectError(str(exc)) from None
    for project, option in zip(adopted, poll.options.order_by("order")):
        project.satisfaction_option = option
        project.save(update_fields=["satisfaction_option"])
    slate.satisfaction_poll = poll
    as_actor(slate, actor)
    slate.save(update_fields=["satisfaction_poll"])
    return slate


def check_report_date(project: Project, date: dt.date | None, today: dt.date | None = None) -> None:
    """Refuse a progress report dated before the project was adopted (its slate's decision) or after today."""
    today = today or timezone.localdate()
    if date is None:
        raise ProjectError(_("Give the report's date."))
    if date > today:
        raise ProjectError(
            _("A progress report cannot be dated in the future (today is %(today)s).") % {"today": today.isoformat()}
        )
    adopted_on = project.slate.decided_on
    if adopted_on and date < adopted_on:
        raise ProjectError(
            _("A progress report cannot be dated before the project was adopted (%(date)s).")
            % {"date": adopted_on.isoformat()}
        )


@transaction.atomic
def progress_report_file(
    *,
    project: Project,
    date: dt.date,
    completed_wan: Decimal,
    note: str,
    actor: User,
    photo=None,
    milestones: Iterable[Milestone] = (),
) -> ProgressReport:
    """The implementing unit's progress report (or staff's, entered for it: the same rules): investment
    completed in the year so far, the milestones reached, a photo (checked by its content), dated
    from the day the project was adopted up to today. The next report falls due
    ``PROJECTS_REPORT_EVERY_DAYS`` after this one (reminders follow it)."""
    project = Project.objects.select_for_update(of=("self",)).select_related("slate").get(pk=project.pk)
    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project reports progress."))
    check_report_date(project, date)
    if completed_wan > project.total_wan:
        raise ProjectError(_("More than the project's total investment."))
    milestones = list(milestones)
    if any(m.project_id != project.pk for m in milestones):
        raise ProjectError(_("A milestone of another project."))
    report = ProgressReport(project=project, date=date, completed_wan=completed_wan, note=note)
    if photo:
        try:
            report.photo_type = check_photo(photo)
        except ValidationError as exc:
            raise ProjectError(" ".join(exc.messages)) from None
        report.photo = photo
    report.full_clean()
    as_actor(report, actor)
    report.save()
    if milestones:
        report.milestones_done.set(milestones)
        for m in milestones:
            if m.done_on is None:
                m.done_on = date
                as_actor(m, actor)
                m.save(update_fields=["done_on"])
    if project.status == ProjectStatus.IN_PROGRESS:
        due = _report_due(max(date, timezone.localdate()))
        project.report_due = due.date
        project.save(update_fields=["report_due"])
        deadline_note_save(record=project, field="report_due", deadline=due, actor=actor)
    return report


def milestone_add(*, project: Project, title: str, due: dt.date, actor: User) -> Milestone:
    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project has milestones."))
    milestone = Milestone(project=project, title=title, due=due)
    milestone.full_clean()
    as_actor(milestone, actor)
    milestone.save()
    return milestone


@transaction.atomic
def inspection_record(
    *,
    project: Project,
    date: dt.date,
    findings: str,
    participants: Iterable = (),
    suggestions: Iterable[str] = (),
    actor: User,
):
    """A supervision visit (包片联点) to an adopted project by deputies, with the suggestions made there."""
    from projects.models import Inspection

    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project is inspected."))
    inspection = Inspection(project=project, date=date, findings=findings)
    inspection.full_clean()
    as_actor(inspection, actor)
    inspection.save()
    inspection.participants.set(participants)
    for text in suggestions:
        suggestion = Suggestion(inspection=inspection, text=text)
        as_actor(suggestion, actor)
        suggestion.save()
    return inspection


@transaction.atomic
def suggestion_respond(*, suggestion_id: int, status: str, response: str, actor: User) -> Suggestion:
    """The implementing unit's handling of a supervision suggestion (or staff's record of it): adopted,
    or explained, with its words. It may be answered again until staff close it."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion_id)
    if suggestion.closed_on:
        raise ProjectError(_("This suggestion is closed; its handling can no longer change."))
    if status not in (SuggestionStatus.ADOPTED, SuggestionStatus.EXPLAINED):
        raise ProjectError(_("Choose adopted or explained."))
    if not response.strip():
        raise ProjectError(_("Say how the suggestion was handled."))
    if (suggestion.status, suggestion.response) == (status, response.strip()):
        raise ProjectError(_("This response is already recorded."))
    suggestion.status, suggestion.response = status, response.strip()
    as_actor(suggestion, actor)
    suggestion.save(update_fields=["status", "response"])
    return suggestion


@transaction.atomic
def suggestion_close(*, suggestion_id: int, actor: User, on: dt.date | None = None) -> Suggestion:
    """Staff close an answered suggestion (its handling is done); once closed it stays as it is."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion_id)
    if suggestion.closed_on:
        raise ProjectError(_("This suggestion is already closed."))
    if suggestion.status == SuggestionStatus.OPEN:
        raise ProjectError(_("The unit has not answered this suggestion yet."))
    suggestion.closed_on = on or timezone.localdate()
    as_actor(suggestion, actor)
    suggestion.save(update_fields=["closed_on"])
    return suggestion


YEAR_END_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.MOSTLY, ProjectStatus.UNFINISHED)


@transaction.atomic
def project_set_year_end_status(
    *, project_id: int, status: str, on: dt.date, actor: User, today: dt.date | None = None
) -> Project:
    """Set an adopted project's year-end status (完成 / 基本完成 / 未完成) for its slate's year, dated
    ``on``: from the adoption to the end of the following year (the assessment is often reported at
    the next session), never in the future. It may be corrected to another status (audited);
    recording the same status again is refused. No more progress reports fall due."""
    project = Project.objects.select_for_update(of=("self",)).select_related("slate").get(pk=project_id)
    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project has a year-end status."))
    if status not in YEAR_END_STATUSES:
        raise ProjectError(_("Choose completed, basically completed or not completed."))
    today = today or timezone.localdate()
    year = project.slate.year
    if on is None or on > today:
        raise ProjectError(_("The year-end status cannot be dated in the future."))
    if (project.slate.decided_on and on < project.slate.decided_on) or not year <= on.year <= year + 1:
        raise ProjectError(
            _("The year-end status of a %(year)d project is dated between its adoption and the end of %(next)d.")
            % {"year": year, "next": year + 1}
        )
    if project.status == status:
        raise ProjectError(_("This year-end status is already recorded."))
    project.status, project.year_end_on, project.report_due = status, on, None  # closed: no more reports due
    as_actor(project, actor)
    project.save(update_fields=["status", "year_end_on", "report_due"])
    return project
