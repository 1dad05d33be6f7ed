"""Review opinions' response deadlines, reminded through the shared mechanism (congress.reminders)."""

from django.urls import reverse

from congress.models import Role, User
from congress.reminders import Source, recipients, register
from oversight.models import SpecialReport


def _recipients(report, kind):
    return recipients(kind, User.objects.filter(organization_id=report.organization_id, groups__name=Role.UNIT))


def _open():
    return SpecialReport.objects.filter(opinions_sent_on__isnull=False, responded_on__isnull=True)


RESPONSE_DEADLINES = register(
    Source(
        model=SpecialReport,
        deadline_field="response_due",
        open_records=_open,
        recipients=_recipients,
        template="oversight/email/reminder",
        url=lambda r: reverse("oversight:my_report", args=[r.pk]),
    )
)
