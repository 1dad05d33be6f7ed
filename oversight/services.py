"""Writes for oversight: a report heard at a meeting's agenda item, documents checked by their
content, review opinions sent with their deadline, the organization's response."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.deadlines import deadline_compute, deadline_note_save
from congress.files import check_upload
from congress.models import Organization, Role, User
from congress.services import notify
from meetings.models import AgendaItem, ItemKind, MeetingType
from oversight.models import Document, DocumentRole, OversightActivity, ReportKind, SpecialReport

HEARD_KINDS = (ItemKind.HEARD, ItemKind.REVIEWED, ItemKind.BUDGET)
HEARING_MEETINGS = (MeetingType.STANDING, MeetingType.CONGRESS)


class OversightError(Exception):
    pass


@transaction.atomic
def opinions_send(
    *, report_id: int, opinions: str, on: dt.date, actor: User, months: int | None = None
) -> SpecialReport:
    """Send the adopted review opinions to the reporting organization; its answer is due ``months``
    (default OVERSIGHT_RESPONSE_MONTHS) later, clamped to the month's end. The organization's contacts
    are notified (in-app and email)."""
    months = months or settings.OVERSIGHT_RESPONSE_MONTHS
    if not 1 <= months <= 12:
        raise OversightError(_("The response is due within 1 to 12 months."))
    report = SpecialReport.objects.select_for_update().select_related("organization").get(pk=report_id)
    if report.opinions_sent_on:
        raise OversightError(_("The review opinions were already sent."))
    if on < report.heard_on:
        raise OversightError(_("Opinions cannot be sent before the report was heard."))
    if not opinions.strip():
        raise OversightError(_("Write the review opinions."))
    report.opinions, report.opinions_sent_on = opinions, on
    deadline = deadline_compute(start=on, months=months, event="opinions_sent")
    report.response_due = deadline.date
    as_actor(report, actor)
    report.save(update_fields=["opinions", "opinions_sent_on", "response_due"])
    deadline_note_save(record=report, field="response_due", deadline=deadline, actor=actor)
    contacts = User.objects.filter(organization=report.organization, groups__name=Role.UNIT, is_active=True)
    notify(
        recipients=list(contacts),
        template="oversight/email/opinions_sent",
        context={"report": report},
        url=reverse("oversight:my_report", args=[report.pk]),
    )
    return report


def may_respond(user: User, report: SpecialReport) -> bool:
    """Staff record any response; an organization's contact answers only for their own organization."""
    if user.has_perm("oversight.manage"):
        return True
    return (
        user.has_role(Role.UNIT) and user.organization_id is not None and user.organization_id == report.organization_id
    )


@transaction.atomic
def response_record(*, report_id: int, text: str, on: dt.date, actor: User, upload=None) -> SpecialReport:
    """Record the organization's written response (by its contact or by staff), with an optional
    signed letter; once only, after the opinions were sent."""
    report = SpecialReport.objects.select_for_update().get(pk=report_id)
    if not may_respond(actor, report):
        raise OversightError(_("Only the reporting organization or staff may answer these opinions."))
    if not report.opinions_sent_on:
        raise OversightError(_("No review opinions have been sent for this report."))
    if report.responded_on:
        raise OversightError(_("The response was already recorded."))
    if on < report.opinions_sent_on:
        raise OversightError(_("A response cannot come before the opinions were sent."))
    if not text.strip():
        raise OversightError(_("Write what the organization answered."))
    report.response, report.responded_on, report.responded_by = text, on, actor
    as_actor(report, actor)
    report.save(update_fields=["response", "responded_on", "responded_by"])
    if upload is not None:
        _store(upload=upload, actor=actor, report=report, role=DocumentRole.RESPONSE)
    return report


@transaction.atomic
def report_save(
    *,
    actor: User,
    kind: str,
    title: str,
    organization: Organization,
    item: AgendaItem,
    decision: AgendaItem | None = None,
    published: bool = False,
    report_id: int | None = None,
) -> SpecialReport:
    """Create or change a report heard: it is tied to the agenda item that heard it (a report heard
    or reviewed at a standing-committee meeting or congress session), whose date and meeting it
    takes, and the item names the report as the record it concerns. A budget adjustment or final
    accounts may name the decision adopted on it."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.kind not in HEARD_KINDS or item.meeting.type not in HEARING_MEETINGS:
        raise OversightError(
            _(
                "Choose an agenda item of a report heard or reviewed at a standing-committee "
                "meeting or congress session."
            )
        )
    if (kind in (ReportKind.BUDGET, ReportKind.ACCOUNTS)) != (item.kind == ItemKind.BUDGET):
        raise OversightError(
            _(
                "A budget adjustment or final accounts is reviewed under an agenda item of that kind, "
                "and such an item takes nothing else."
            )
        )
    ct = ContentType.objects.get_for_model(SpecialReport)
    if item.content_type_id and not (item.content_type_id == ct.pk and report_id and item.object_id == str(report_id)):
        raise OversightError(_("That agenda item already concerns another record."))
    if decision is not None and decision.kind != ItemKind.DECISION:
        raise OversightError(_("Choose an agenda item that is a decision or resolution."))
    if kind not in ReportKind.values:
        raise OversightError(_("Choose a kind of report."))
    if report_id:
        report = SpecialReport.objects.select_for_update().get(pk=report_id)
    else:
        report = SpecialReport()
    if report.opinions_sent_on and item.meeting.date > report.opinions_sent_on:
        raise OversightError(
            _("The opinions were sent on %(sent)s, before that meeting.")
            % {"sent": report.opinions_sent_on.isoformat()}
        )
    old_item_id = report.item_id
    report.kind, report.title, report.organization, report.published = kind, title, organization, published
    report.item, report.decision = item, decision
    report.heard_on, report.meeting = item.meeting.date, item.meeting.title[:200]
    as_actor(report, actor)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise OversightError(_("That agenda item already has a report.")) from None
    if old_item_id and old_item_id != item.pk:
        old = AgendaItem.objects.select_for_update().get(pk=old_item_id)
        old.content_type, old.object_id = None, ""
        as_actor(old, actor)
        old.save(update_fields=["content_type", "object_id"])
    if item.content_type_id != ct.pk or item.object_id != str(report.pk):
        item.content_type, item.object_id = ct, str(report.pk)
        as_actor(item, actor)
        item.save(update_fields=["content_type", "object_id"])
    return report


def _store(
    *, upload, actor: User, role: str, report: SpecialReport | None = None, activity: OversightActivity | None = None
) -> Document:
    try:
        mime = check_upload(upload, max_bytes=getattr(settings, "OVERSIGHT_DOCUMENT_MAX_MB", 20) * 1024 * 1024)
    except ValidationError as exc:
        raise OversightError(" ".join(exc.messages)) from None
    document = Document(
        report=report,
        activity=activity,
        role=role,
        name=(upload.name or "file")[-200:],
        mime=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.name, upload, save=False)
    as_actor(document, actor)
    document.save()
    return document


@transaction.atomic
def document_add(
    *, upload, actor: User, role: str, report_id: int | None = None, activity_id: int | None = None
) -> Document:
    """Store a file checked by its content (PDF, Word or image) for an activity or a report heard."""
    if role not in DocumentRole.values:
        raise OversightError(_("Choose what the document is."))
    if activity_id:
        activity = OversightActivity.objects.select_for_update().get(pk=activity_id)
        return _store(upload=upload, actor=actor, role=role, activity=activity)
    report = SpecialReport.objects.select_for_update().get(pk=report_id)
    return _store(upload=upload, actor=actor, role=role, report=report)


@transaction.atomic
def activity_create(*, actor: User, members=(), deputies=(), organizations=(), **fields) -> OversightActivity:
    """Record an inspection, research, law-enforcement inspection or supervision check with who took
    part (members, deputies: it counts in their dossier) and the organizations inspected."""
    activity = OversightActivity(**fields)
    try:
        activity.full_clean()
    except ValidationError as exc:
        raise OversightError(" ".join(exc.messages)) from None
    as_actor(activity, actor)
    activity.save()
    activity.members.set(members)
    activity.deputies.set(deputies)
    activity.organizations.set(organizations)
    return activity
