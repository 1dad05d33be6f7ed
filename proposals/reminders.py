"""Assignments' reply deadlines, reminded through the shared mechanism in congress.reminders."""

from congress.models import Role, User
from congress.reminders import Source, register


def _recipients(assignment, kind):
    people = list(User.objects.filter(organization_id=assignment.unit_id, groups__name=Role.UNIT, is_active=True))
    if kind == "serious":
        people += list(User.objects.filter(groups__name__in=[Role.STAFF, Role.LEADER], is_active=True).distinct())
    return people


def _open():
    from proposals.models import Assignment

    return Assignment.objects.filter(replied_on__isnull=True).select_related("proposal", "unit")


def _model():
    from proposals.models import Assignment

    return Assignment


ASSIGNMENT_DEADLINES = register(Source(model=_model(), deadline_field="deadline", open_records=_open,
                                       recipients=_recipients, template="proposals/email/reminder"))
