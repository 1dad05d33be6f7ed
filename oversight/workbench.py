"""What waits in oversight: the responses to review opinions that are due (congress.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.contrib import WorkItem
from congress.workbench import days_left, section
from oversight import selectors


def _item(report, today, url):
    note, overdue = days_left(report.response_due, today)
    return WorkItem(
        title="%s · %s" % (report.organization.name, report.title)
        if url == "oversight:specialreport_detail"
        else report.title,
        url=reverse(url, args=[report.pk]),
        note=note,
        due=report.response_due,
        overdue=overdue,
    )


def entries(user):
    today = timezone.localdate()
    out = []
    if user.has_perm("oversight.view_all"):
        out.append(
            section(
                key="oversight.pending",
                title=_("Responses to review opinions due"),
                queryset=selectors.pending(today),
                item=lambda r: _item(r, today, "oversight:specialreport_detail"),
                url=reverse("oversight:pending"),
                order=40,
            )
        )
    if user.has_perm("oversight.respond") and user.organization_id:
        mine = selectors.reports_for_unit(user).filter(responded_on__isnull=True).order_by("response_due", "pk")
        out.append(
            section(
                key="oversight.respond",
                title=_("Review opinions to respond to"),
                queryset=mine,
                item=lambda r: _item(r, today, "oversight:my_report"),
                url=reverse("oversight:my_reports"),
                order=41,
            )
        )
    return [s for s in out if s is not None]
