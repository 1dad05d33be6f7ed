"""Progress reports' deadlines, reminded through the shared mechanism (congress.reminders)."""

from django.urls import reverse

from congress.models import Role, User
from congress.reminders import Source, recipients, register
from projects.models import Project, ProjectStatus


def _recipients(project, kind):
    return recipients(kind, User.objects.filter(organization_id=project.implementing_unit_id, groups__name=Role.UNIT))


def _open():
    return Project.objects.filter(status=ProjectStatus.IN_PROGRESS, report_due__isnull=False)


PROGRESS_DEADLINES = register(
    Source(
        model=Project,
        deadline_field="report_due",
        open_records=_open,
        recipients=_recipients,
        template="projects/email/reminder",
        url=lambda p: reverse("projects:my_project", args=[p.pk]),
    )
)
