"""Deadline reminders, built once for every app: proposals' assignments, oversight's review opinions,
projects' progress reports and appointments' review reports register a source here.

A source names a model, its deadline field and how to find open records, who to tell and the
message template. The daily sweep asks each source only for records whose deadline falls on one of
the reminder days (an indexed range query per kind), so its cost follows the due records, not all
of them. Each reminder is sent exactly once: a ReminderLog row with a unique (record, kind, deadline)
key is inserted in the same transaction as the notification and its outbox email; a duplicate key
rolls that one reminder back, so a sweep run twice or two at once send nothing twice, and a broker
outage only delays the email (the outbox keeps it).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress.models import ReminderLog
from congress.services import notify

BEFORE = (15, 7, 1)       # days before the deadline
OVERDUE_AFTER = 1         # the day after
SERIOUS_AFTER = 30        # seriously overdue, also to staff and the supervising leader


@dataclass
class Source:
    model: type
    deadline_field: str
    open_records: callable            # () -> queryset of records still waiting
    recipients: callable              # (record, kind) -> list of users
    template: str                     # congress/email/reminder → _subject.txt / _body.txt
    url: callable = lambda r: r.get_absolute_url()
    before: tuple = field(default=BEFORE)


SOURCES: list[Source] = []


def register(source: Source) -> Source:
    SOURCES.append(source)
    return source


def _kinds(today: dt.date, before: tuple):
    for days in before:
        yield "before_%d" % days, today + dt.timedelta(days=days)
    yield "overdue", today - dt.timedelta(days=OVERDUE_AFTER)
    yield "serious", today - dt.timedelta(days=SERIOUS_AFTER)


def sweep(today: dt.date | None = None, batch: int = 500) -> int:
    """Send every reminder due today; return how many were sent by this call."""
    today = today or timezone.localdate()
    sent = 0
    for source in SOURCES:
        ct = ContentType.objects.get_for_model(source.model)
        for kind, deadline in _kinds(today, source.before):
            due = source.open_records().filter(**{source.deadline_field: deadline}).order_by("pk")
            last = 0
            while True:
                chunk = list(due.filter(pk__gt=last)[:batch])
                if not chunk:
                    break
                for record in chunk:
                    sent += _send_once(source, ct, record, kind, deadline)
                last = chunk[-1].pk
    return sent


def _send_once(source: Source, ct, record, kind: str, deadline: dt.date) -> int:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(content_type=ct, object_id=record.pk, kind=kind, deadline=deadline)
            notify(recipients=source.recipients(record, kind), template=source.template,
                   context={"record": record, "kind": kind, "deadline": deadline}, url=source.url(record))
    except IntegrityError:  # already sent by an earlier or a concurrent sweep
        return 0
    return 1
