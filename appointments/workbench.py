"""What waits in appointments: performance reports due, nominations awaiting the legal exam, and a
member's statements to read before the next meeting (congress.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments import selectors
from appointments.models import Review
from congress.contrib import WorkItem
from congress.workbench import day, days_left, listed, section


def _name(n):
    return "%s（%s）" % (n.person, n.post)


def _review_item(review, today, url):
    note, overdue = days_left(review.report_due, today)
    return WorkItem(title=_name(review.nomination), url=url(review), note=note, due=review.report_due, overdue=overdue)


def entries(user):
    today = timezone.localdate()
    out = []
    due = Review.objects.filter(filed_on__isnull=True).select_related("nomination").order_by("report_due", "pk")
    if user.has_perm("appointments.view_all"):
        out.append(
            section(
                key="appointments.reports_due",
                title=_("Performance reports due"),
                queryset=due,
                item=lambda r: _review_item(r, today, lambda r: reverse("appointments:review_detail", args=[r.pk])),
                url=reverse("appointments:review_list"),
                order=42,
            )
        )
        out.append(
            section(
                key="appointments.awaiting_exam",
                title=_("Nominations waiting for the legal exam"),
                queryset=selectors.awaiting_exam(),
                item=lambda n: WorkItem(title=_name(n), url=reverse("appointments:pipeline"), note=n.organ.name),
                url=reverse("appointments:pipeline"),
                order=43,
            )
        )
    if user.has_perm("appointments.unit") and user.organization_id:
        mine = selectors.reviews_for_unit(user).filter(filed_on__isnull=True).order_by("report_due", "pk")
        out.append(
            section(
                key="appointments.unit_reports",
                title=_("Performance reports to file"),
                queryset=mine,
                item=lambda r: _review_item(r, today, lambda r: reverse("appointments:unit_review", args=[r.pk])),
                url=reverse("appointments:unit_reviews"),
                order=44,
            )
        )
    if user.has_role("member"):
        agenda = selectors.member_agenda(today)
        meeting = agenda["meeting"]
        rows = agenda["nominations"] + agenda["reviews"]
        out.append(
            listed(
                key="appointments.statements",
                title=_("Statements and reports for the next meeting"),
                rows=rows,
                item=lambda r: WorkItem(
                    title=_name(r.nomination if isinstance(r, Review) else r),
                    url=reverse("appointments:member_home"),
                    note="%s · %s" % (meeting.title, day(meeting.date)),
                    due=meeting.date,
                ),
                url=reverse("appointments:member_home"),
                order=45,
            )
        )
    return [s for s in out if s is not None]
