"""Deadline reminders, built once for every app: proposals' assignments, oversight's review opinions,
projects' progress reports and appointments' review reports register a Source here.

A source names a model, its deadline field and how to find open records, who to tell and the
message template; optionally its schedules (days before, overdue and seriously-overdue offsets per
group of records, e.g. per congress from its rules), else the defaults below.

Each kind of reminder has a window of deadlines: "before_15" covers deadlines 8–15 days ahead when
the offsets are 15/7/1, "overdue" those 1–29 days past, "serious" those 30–36 days past. A day the
beat missed is therefore caught up the next day, yet each query is an indexed range on the deadline
that skips the records already reminded (NOT EXISTS on the log), so the sweep's cost follows the due
records, not all of them.

Exactly once: a ReminderLog row with a unique (record, kind, deadline) key is inserted in the same
transaction as the in-app notification and its outbox email (``congress.services.notify``), after
re-locking the record and re-checking that it is still open with that deadline. A sweep run twice,
or two at once, send nothing twice (the loser of the unique key rolls its reminder back); a broker
outage only delays the email (the outbox row stays pending and ``outbox_flush`` sends it); a worker
killed after the commit leaves the same pending row. A moved deadline is a new key: it gets
reminders of its own.

Reminders go out on working days (the holiday calendar of congress.deadlines): a sweep on a rest day
sends nothing, and the sweep of the working day before sends the notices that would have fallen on
the rest days up to the next working day ("7 days before" a deadline whose seventh day before is in
the National Day holiday goes out on the last working day before the holiday). Overdue notices are
never sent early: those of rest days go out on the next working day, whose serious-notice catch-up
is widened by the rest days it follows.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from congress.audit import as_actor
from congress.deadlines import ONE, Calendar, deadline_compute, deadline_note_save, parse_rule
from congress.models import DeadlineNote, ReminderLog, Role, User
from congress.services import notify

BEFORE = (15, 7, 1)  # days before the deadline
OVERDUE_AFTER = 1  # the day after
SERIOUS_AFTER = 30  # seriously overdue, also to staff and the supervising leader
CATCH_UP_DAYS = 7  # a seriously-overdue notice missed (beat down) is still sent this many days late


@dataclass(frozen=True)
class Schedule:
    """The offsets for the records matching ``where`` (a Q on the source's model)."""

    where: Q = field(default_factory=Q)
    before: tuple = BEFORE
    overdue_after: int = OVERDUE_AFTER
    serious_after: int = SERIOUS_AFTER


@dataclass
class Source:
    model: type
    deadline_field: str
    open_records: Callable  # () -> queryset of records still waiting
    recipients: Callable  # (record, kind) -> list of users
    template: str  # names <template>_subject.txt / <template>_body.txt
    url: Callable = lambda r: r.get_absolute_url()
    before: tuple = field(default=BEFORE)
    schedules: Callable | None = None  # () -> list[Schedule]; default: one Schedule with ``before``

    def get_schedules(self) -> list[Schedule]:
        return self.schedules() if self.schedules else [Schedule(before=self.before)]


SOURCES: list[Source] = []

STAFF_COPIED = ("overdue", "serious")  # the kinds of reminder staff are copied on, for every source


def recipients(kind: str, holders, *, serious=()) -> list[User]:
    """Return who is told of a reminder of ``kind``, the one rule for every source: the active users in
    ``holders`` (a queryset of User: the record's contacts), and staff too once the deadline has passed
    (overdue and seriously overdue); ``serious`` (users, e.g. a supervising leader) are added to a
    seriously-overdue notice. Each person once, inactive ones never."""
    people = list(holders.filter(is_active=True).distinct())
    if kind in STAFF_COPIED:
        people += list(User.objects.filter(groups__name=Role.STAFF, is_active=True).distinct())
    if kind == "serious":
        people += [u for u in serious if u is not None and u.is_active]
    return list({u.pk: u for u in people}.values())


def register(source: Source) -> Source:
    SOURCES.append(source)
    return source


def windows(today: dt.date, schedule: Schedule, last: dt.date | None = None, rest_before: int = 0):
    """Yield (kind, earliest deadline, latest deadline) for the reminders due on ``today``, a working
    day; ``last`` is the last rest day after it (the notices due up to then go out today),
    ``rest_before`` the number of rest days just before it."""
    last = last or today
    before = sorted(set(schedule.before), reverse=True)
    for i, days in enumerate(before):
        nearer = before[i + 1] if i + 1 < len(before) else 0
        yield "before_%d" % days, last + dt.timedelta(days=nearer + 1), last + dt.timedelta(days=days)
    yield (
        "overdue",
        today - dt.timedelta(days=schedule.serious_after - 1),
        today - dt.timedelta(days=schedule.overdue_after),
    )
    yield (
        "serious",
        today - dt.timedelta(days=schedule.serious_after + CATCH_UP_DAYS + rest_before),
        today - dt.timedelta(days=schedule.serious_after),
    )


def due(source: Source, ct: ContentType, schedule: Schedule, kind: str, first: dt.date, last: dt.date):
    """Open records of ``source`` whose deadline is in [first, last] and not yet reminded of ``kind``."""
    f = source.deadline_field
    sent = ReminderLog.objects.filter(content_type=ct, object_id=OuterRef("pk"), kind=kind, deadline=OuterRef(f))
    return (
        source.open_records()
        .filter(schedule.where, **{"%s__gte" % f: first, "%s__lte" % f: last})
        .filter(~Exists(sent))
        .order_by("pk")
    )


def sweep(today: dt.date | None = None, batch: int = 500) -> int:
    """Send every reminder due on ``today`` (default: the local date) and on the rest days after it;
    return how many this call sent (none on a rest day)."""
    today = today or timezone.localdate()
    calendar = Calendar()
    if not calendar.is_working(today):
        return 0
    last = calendar.next_working(today + ONE) - ONE
    rest_before = (today - calendar.previous_working(today - ONE)).days - 1
    sent = 0
    for source in SOURCES:
        ct = ContentType.objects.get_for_model(source.model)
        for schedule in source.get_schedules():
            for kind, first, latest in windows(today, schedule, last, rest_before):
                qs, after = due(source, ct, schedule, kind, first, latest), 0
                while True:
                    chunk = list(qs.filter(pk__gt=after)[:batch])
                    for record in chunk:
                        sent += send_once(source, ct, record, kind)
                    if len(chunk) < batch:
                        break
                    after = chunk[-1].pk
    return sent


def send_once(source: Source, ct: ContentType, record, kind: str) -> int:
    """Write the log row and the notification (with its outbox email) in one transaction; return 1 if
    this call sent the reminder, 0 if another sweep had, or the record closed or moved meanwhile."""
    deadline = getattr(record, source.deadline_field)
    try:
        with transaction.atomic():
            still = (
                source.open_records()
                .select_for_update(of=("self",))
                .filter(pk=record.pk, **{source.deadline_field: deadline})
                .first()
            )
            if still is None:
                return 0
            ReminderLog.objects.create(content_type=ct, object_id=record.pk, kind=kind, deadline=deadline)
            notify(
                recipients=source.recipients(still, kind),
                template=source.template,
                context={"record": still, "kind": kind, "deadline": deadline},
                url=source.url(still),
            )
    except IntegrityError:  # the unique key: an earlier or concurrent sweep sent it
        return 0
    return 1


# --- sources and recalculation ------------------------------------------------------------------


def deadlines_recalculate(*, first: dt.date, last: dt.date, reason: str, actor=None) -> int:
    """Recompute the open deadlines that a calendar change between ``first`` and ``last`` may move
    (counted from before ``last``, due on or after ``first``), with the stored rule and start; move
    those whose date changes, record ``reason`` on the note, audit the record with ``actor`` and tell
    the units. Deadlines set by hand, and closed records, are left alone. Runs in the caller's
    transaction; a second run finds nothing to move. Return how many moved."""
    cal, moved = Calendar(), 0
    with transaction.atomic():
        for source in SOURCES:
            ct = ContentType.objects.get_for_model(source.model)
            f = source.deadline_field
            # A period lies between its start and its due date, in either order (a report due 20 days
            # before a meeting is counted back from it): the change touches it where the two overlap.
            touched = DeadlineNote.objects.filter(content_type=ct, field=f, object_id=OuterRef("pk")).filter(
                Q(start__lte=last, due__gte=first) | Q(due__lte=last, start__gte=first)
            )
            candidates = (
                source.open_records()
                .select_for_update(of=("self",))
                .filter(Exists(touched), **{"%s__isnull" % f: False})
                .order_by("pk")
            )
            records = list(candidates)
            notes = {
                n.object_id: n
                for n in DeadlineNote.objects.filter(content_type=ct, field=f, object_id__in=[r.pk for r in records])
            }
            for record in records:
                note = notes.get(record.pk)
                old = getattr(record, f)
                if note is None or note.due != old:
                    continue
                again = deadline_compute(
                    start=note.start, calendar=cal, event=note.parts.get("event", "start"), **parse_rule(note.rule)
                )
                if again.date == old:
                    continue
                setattr(record, f, again.date)
                as_actor(record, actor)
                record.save(update_fields=[f])
                note = deadline_note_save(record=record, field=f, deadline=again, actor=actor, reason=reason)
                notify(
                    recipients=source.recipients(record, "moved"),
                    template="congress/email/deadline_moved",
                    context={"record": record, "old": old, "new": again.date, "note": note, "reason": reason},
                    url=source.url(record),
                )
                moved += 1
    return moved
