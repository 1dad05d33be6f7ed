"""Writes for oversight: sending review opinions with their deadline, recording the response."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.dates import add_months
from congress.models import Role, User
from congress.services import notify
from oversight.models import SpecialReport


class OversightError(Exception):
    pass


@transaction.atomic
def opinions_send(*, report_id: int, opinions: str, on: dt.date, actor: User) -> SpecialReport:
    """Send the adopted review opinions to the reporting organization; its answer is due
    OVERSIGHT_RESPONSE_MONTHS later. The organization's contacts are notified (in-app and email)."""
    report = SpecialReport.objects.select_for_update().select_related("organization").get(pk=report_id)
    if report.opinions_sent_on:
        raise OversightError(_("The review opinions were already sent."))
    if on < report.heard_on:
        raise OversightError(_("Opinions cannot be sent before the report was heard."))
    if not opinions.strip():
        raise OversightError(_("Write the review opinions."))
    report.opinions, report.opinions_sent_on = opinions, on
    report.response_due = add_months(on, settings.OVERSIGHT_RESPONSE_MONTHS)
    as_actor(report, actor)
    report.save(update_fields=["opinions", "opinions_sent_on", "response_due"])
    contacts = User.objects.filter(organization=report.organization, groups__name=Role.UNIT, is_active=True)
    notify(recipients=list(contacts), template="oversight/email/opinions_sent",
           context={"report": report}, url=report.get_absolute_url())
    return report


@transaction.atomic
def response_record(*, report_id: int, text: str, on: dt.date, actor: User) -> SpecialReport:
    report = SpecialReport.objects.select_for_update().get(pk=report_id)
    if not report.opinions_sent_on:
        raise OversightError(_("No review opinions have been sent for this report."))
    if report.responded_on:
        raise OversightError(_("The response was already recorded."))
    if on < report.opinions_sent_on:
        raise OversightError(_("A response cannot come before the opinions were sent."))
    if not text.strip():
        raise OversightError(_("Write what the organization answered."))
    report.response, report.responded_on = text, on
    as_actor(report, actor)
    report.save(update_fields=["response", "responded_on"])
    return report
