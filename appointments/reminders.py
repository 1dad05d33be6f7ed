"""Performance-review reports' deadlines (due N days before the meeting), reminded through the shared
mechanism (congress.reminders): before the day to the appointee's organization's contacts, and once
overdue to the staff as well. Each reminder exactly once (the ReminderLog key)."""

from django.urls import reverse

from appointments.models import Review, ReviewStatus
from congress.models import Role, User
from congress.reminders import Source, recipients, register


def _recipients(review, kind):
    return recipients(kind, User.objects.filter(organization_id=review.unit_id, groups__name=Role.UNIT))


def _open():
    return Review.objects.filter(status=ReviewStatus.DUE).select_related("nomination", "meeting")


REPORT_DEADLINES = register(
    Source(
        model=Review,
        deadline_field="report_due",
        open_records=_open,
        recipients=_recipients,
        template="appointments/email/reminder",
        url=lambda r: reverse("appointments:unit_review", args=[r.pk]),
    )
)
