"""What waits in livelihood projects: progress reports due (congress.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.contrib import WorkItem
from congress.workbench import days_left, section
from projects.models import ADOPTED_STATUSES, Project, ProjectStatus


def _item(project, today, url):
    note, overdue = days_left(project.report_due, today)
    return WorkItem(title=project.title, url=url, note=note, due=project.report_due, overdue=overdue)


def entries(user):
    today = timezone.localdate()
    out = []
    due = Project.objects.filter(status=ProjectStatus.IN_PROGRESS, report_due__isnull=False).order_by(
        "report_due", "pk"
    )
    if user.has_perm("projects.view_all"):
        late = due.filter(report_due__lt=today).select_related("implementing_unit")
        out.append(
            section(
                key="projects.reports_late",
                title=_("Project progress reports overdue"),
                queryset=late,
                item=lambda p: _item(p, today, reverse("projects:public_project", args=[p.pk])),
                url=reverse("projects:index"),
                order=46,
            )
        )
    if user.has_role("unit") and user.organization_id:
        mine = due.filter(implementing_unit_id=user.organization_id, status__in=ADOPTED_STATUSES)
        out.append(
            section(
                key="projects.reports_due",
                title=_("Project progress reports due"),
                queryset=mine,
                item=lambda p: _item(p, today, reverse("projects:my_project", args=[p.pk])),
                url=reverse("projects:my_projects"),
                order=47,
            )
        )
    return [s for s in out if s is not None]
