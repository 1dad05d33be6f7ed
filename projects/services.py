"""Writes for livelihood projects: solicitation, the vote's decision, progress, year-end status."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import Congress, User
from projects.models import (
    ADOPTED_STATUSES, Idea, IdeaSource, ProgressReport, Project, ProjectStatus, Slate, SlateStatus,
)


class ProjectError(Exception):
    """A rule refused the change; the message says why (translated)."""


def idea_submit_public(*, congress: Congress, year: int, title: str, description: str, submitted_by: str = "",
                       contact: str = "") -> Idea:
    idea = Idea(congress=congress, year=year, source=IdeaSource.PUBLIC, title=title, description=description,
                submitted_by=submitted_by, contact=contact)
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def slate_open_vote(*, slate_id: int, actor: User) -> Slate:
    """Put a slate to the vote: it needs more candidates than places (差额)."""
    slate = Slate.objects.select_for_update().get(pk=slate_id)
    if slate.status != SlateStatus.DRAFT:
        raise ProjectError(_("This slate has already been put to the vote."))
    candidates = slate.projects.count()
    if candidates <= slate.places:
        raise ProjectError(_("A slate needs more candidates (%(c)d) than places (%(p)d).") % {
            "c": candidates, "p": slate.places})
    slate.status = SlateStatus.VOTING
    as_actor(slate, actor)
    slate.save(update_fields=["status"])
    return slate


def decide(places: int, electorate: int, tallies: dict[int, int], order: list[int] | None = None):
    """Apply the adoption rule: more votes for than half of all deputies, ranked by votes for, the
    top ``places`` adopted. Return (adopted ids in rank order, ranks, tied ids at the cut).

    ``order`` settles a tie at the cut (the session's recorded decision): ids in the order decided.
    """
    passing = sorted((pid for pid, n in tallies.items() if n * 2 > electorate), key=lambda pid: -tallies[pid])
    if order:
        position = {pid: i for i, pid in enumerate(order)}
        passing.sort(key=lambda pid: (-tallies[pid], position.get(pid, len(order))))
    ranks = {pid: i + 1 for i, pid in enumerate(sorted(tallies, key=lambda pid: -tallies[pid]))}
    tied = []
    if len(passing) > places:
        cut = tallies[passing[places - 1]]
        if tallies[passing[places]] == cut and not order:
            tied = [pid for pid in passing if tallies[pid] == cut]
    return passing[:places], ranks, tied


@transaction.atomic
def slate_decide(*, slate_id: int, electorate: int, tallies: dict[int, tuple[int, int, int]], actor: User,
                 on: dt.date | None = None, tie_order: list[int] | None = None, note: str = "") -> list[Project]:
    """Record the vote's result and adopt the winning projects. ``tallies``: project id → (for,
    against, abstain). Refuses a tie at the last place unless ``tie_order`` and a ``note`` record
    how the session settled it."""
    slate = Slate.objects.select_for_update().get(pk=slate_id)
    if slate.status != SlateStatus.VOTING:
        raise ProjectError(_("Only a slate put to the vote can be decided."))
    projects = {p.pk: p for p in slate.projects.select_for_update()}
    if set(tallies) != set(projects):
        raise ProjectError(_("Give the votes of every candidate on the slate."))
    if electorate < 1:
        raise ProjectError(_("Give the number of all deputies."))
    for pid, counts in tallies.items():
        if min(counts) < 0 or sum(counts) > electorate:
            raise ProjectError(_("“%(title)s” has more votes than deputies.") % {"title": projects[pid].title})
    adopted, ranks, tied = decide(slate.places, electorate, {pid: c[0] for pid, c in tallies.items()}, tie_order)
    if tied:
        raise ProjectError(_("Tie for the last place between %(titles)s: record how the session settled it.")
                           % {"titles": "、".join(projects[pid].title for pid in tied)})
    if tie_order and not note.strip():
        raise ProjectError(_("Record how the tie was settled."))
    for pid, project in projects.items():
        project.votes_for, project.votes_against, project.votes_abstain = tallies[pid]
        project.rank = ranks[pid]
        project.status = ProjectStatus.IN_PROGRESS if pid in adopted else ProjectStatus.NOT_ADOPTED
        as_actor(project, actor)
        project.save(update_fields=["votes_for", "votes_against", "votes_abstain", "rank", "status"])
    slate.status, slate.electorate, slate.decided_on = SlateStatus.DECIDED, electorate, on or timezone.localdate()
    slate.decision_note = note
    as_actor(slate, actor)
    slate.save(update_fields=["status", "electorate", "decided_on", "decision_note"])
    return [projects[pid] for pid in adopted]


def progress_report_file(*, project: Project, date: dt.date, completed_wan: Decimal, note: str, actor: User):
    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project reports progress."))
    if completed_wan > project.total_wan:
        raise ProjectError(_("More than the project's total investment."))
    report = ProgressReport(project=project, date=date, completed_wan=completed_wan, note=note)
    report.full_clean()
    as_actor(report, actor)
    report.save()
    return report


@transaction.atomic
def project_close_year(*, project_id: int, status: str, actor: User) -> Project:
    project = Project.objects.select_for_update().get(pk=project_id)
    if project.status not in ADOPTED_STATUSES:
        raise ProjectError(_("Only an adopted project has a year-end status."))
    if status not in (ProjectStatus.COMPLETED, ProjectStatus.MOSTLY, ProjectStatus.UNFINISHED):
        raise ProjectError(_("Choose completed, basically completed or not completed."))
    project.status = status
    as_actor(project, actor)
    project.save(update_fields=["status"])
    return project
