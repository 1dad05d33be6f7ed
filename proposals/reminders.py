"""Assignments' deadlines, reminded through the shared mechanism in congress.reminders, with the
offsets of each congress's ProposalRules (congresses without rules use the defaults)."""

from django.db.models import Q

from congress.models import Role, User
from congress.reminders import Schedule, Source, recipients, register


def _recipients(assignment, kind):
    """The unit's contacts; staff once overdue (the shared rule); the supervising leader once seriously so."""
    unit = User.objects.filter(organization_id=assignment.unit_id, groups__name=Role.UNIT)
    return recipients(kind, unit, serious=[assignment.proposal.supervising_leader])


def _open():
    from proposals.models import Assignment

    return Assignment.objects.filter(replied_on__isnull=True, withdrawn_on__isnull=True).select_related(
        "proposal__supervising_leader", "unit"
    )


def _schedules():
    """One schedule per congress with rules (its offsets), and the defaults for the others. A schedule
    names the congress's sessions by id (one small query): filtered through the session's term instead,
    PostgreSQL misjudged how many proposals a congress has and walked all of them for every window
    (bench/sweep.py: 0.5 s a window at 400,000 open assignments), where the open-deadline index finds
    the window's few rows."""
    from congress.models import Session
    from proposals.models import ProposalRules

    rules = list(ProposalRules.objects.all())
    sessions = list(Session.objects.values_list("pk", "term__congress_id"))

    def of(congress_ids):
        return [pk for pk, congress in sessions if congress in congress_ids]

    schedules = [
        Schedule(
            where=Q(proposal__session_id__in=of({r.congress_id})),
            before=r.remind_before,
            overdue_after=r.overdue_after_days,
            serious_after=r.serious_after_days,
        )
        for r in rules
    ]
    schedules.append(Schedule(where=~Q(proposal__session_id__in=of({r.congress_id for r in rules}))))
    return schedules


def _model():
    from proposals.models import Assignment

    return Assignment


ASSIGNMENT_DEADLINES = register(
    Source(
        model=_model(),
        deadline_field="deadline",
        open_records=_open,
        recipients=_recipients,
        template="proposals/email/reminder",
        schedules=_schedules,
    )
)
