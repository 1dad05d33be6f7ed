"""Every legal deadline, computed by one function on China's calendar (民法典 Art. 201–203).

``deadline_compute`` counts from the day after ``start`` (Art. 201): calendar months with the month
end clamped (Art. 202: 31 Jan + 1 month = 28/29 Feb), calendar days, or working days where the
congress's rule says 工作日. A period whose last day is a rest day — a statutory holiday, or a weekend
that the calendar does not mark as a make-up working day (调休) — ends on the first working day after
it (Art. 203). The result carries the pieces of its explanation, rendered in each reader's language.

How a deadline reads (``explain``) is congress/deadline_text.py, which the models use too; when staff change
the calendar, ``congress.reminders.deadlines_recalculate`` moves the open deadlines of the reminded sources
that it affects (never closed ones, never a date set by hand), records the reason and tells the units.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from congress.audit import as_actor
from congress.dates import add_months
from congress.deadline_text import EVENTS, explain  # noqa: F401  (re-exported: how a deadline reads)
from congress.models import CalendarDay, CalendarDayKind, DeadlineNote, DeadlineRules

ONE = dt.timedelta(days=1)
MAX_DAYS = 3660


class Calendar:
    """The holiday calendar as the database has it, read one year at a time (one query per year);
    build a new one after the calendar changed."""

    def __init__(self):
        self._years: dict[int, dict[dt.date, tuple]] = {}

    def _year(self, year: int) -> dict:
        if year not in self._years:
            rows = CalendarDay.objects.filter(day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31))
            self._years[year] = {d.day: (d.kind, d.holiday, d.name) for d in rows}
        return self._years[year]

    def special(self, day: dt.date) -> tuple | None:
        """Return (kind, holiday, name) for a day the notice sets apart, else None."""
        return self._year(day.year).get(day)

    def knows(self, year: int) -> bool:
        return bool(self._year(year))

    def is_working(self, day: dt.date) -> bool:
        special = self.special(day)
        if special:
            return special[0] == CalendarDayKind.WORKDAY
        return day.weekday() < 5

    def next_working(self, day: dt.date) -> dt.date:
        """Return ``day`` if it is a working day, else the first working day after it."""
        while not self.is_working(day):
            day += ONE
        return day

    def previous_working(self, day: dt.date) -> dt.date:
        """Return ``day`` if it is a working day, else the last working day before it."""
        while not self.is_working(day):
            day -= ONE
        return day


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    parts: dict = field(compare=False)

    @property
    def rule(self) -> str:
        return rule_code(self.parts)

    @property
    def explanation(self) -> str:
        return explain(self.parts)


def rule_code(parts: dict) -> str:
    """'3m', '10d' or '10wd' (working days); '-20d' for a period counted back from its event."""
    sign = "-" if parts.get("before") else ""
    if parts.get("months") is not None:
        return "%s%dm" % (sign, parts["months"])
    return "%s%d%s" % (sign, parts["days"], "wd" if parts.get("working") else "d")


def parse_rule(code: str) -> dict:
    if code.startswith("-"):
        return {**parse_rule(code[1:]), "before": True}
    if code.endswith("wd"):
        return {"days": int(code[:-2]), "working_days": True}
    if code.endswith("m"):
        return {"months": int(code[:-1])}
    return {"days": int(code[:-1]), "working_days": False}


def congress_counts_working_days(congress) -> bool:
    """Whether the congress (an instance or an id) counts periods in days as working days."""
    if congress is None:
        return False
    congress_id = getattr(congress, "pk", congress)
    return DeadlineRules.objects.filter(congress_id=congress_id, days_are_working_days=True).exists()


def deadline_compute(
    *,
    start: dt.date,
    months: int | None = None,
    days: int | None = None,
    working_days: bool | None = None,
    congress=None,
    event: str = "start",
    before: bool = False,
    calendar: Calendar | None = None,
) -> Deadline:
    """Return the deadline ``months`` or ``days`` after ``start`` with its explanation. Periods in days
    count working days when ``working_days`` is true, or, left None, when the congress's rule says so.
    Give exactly one of ``months`` and ``days``, not negative (ValueError otherwise).

    ``before``: the period is counted back from ``start`` (a report due 20 days before a meeting); a
    last day on a rest day then moves back to the working day before it, so the time is never shorter."""
    if (months is None) == (days is None):
        raise ValueError("give months or days")
    length = months if months is not None else days
    if not 0 <= length <= MAX_DAYS:
        raise ValueError("a period of 0 to %d" % MAX_DAYS)
    cal = calendar or Calendar()
    working = False
    if days is not None:
        working = congress_counts_working_days(congress) if working_days is None else bool(working_days)
    parts = {
        "event": event if event in EVENTS else "start",
        "start": start.isoformat(),
        "months": months,
        "days": days,
        "working": working,
        "before": bool(before),
    }
    step = -ONE if before else ONE
    if months is not None:
        raw = add_months(start, -months if before else months)
        parts["clamped"] = start.day if raw.day != start.day else None
    elif working:
        raw, skipped, counted = start, 0, 0
        while counted < days:
            raw += step
            if cal.is_working(raw):
                counted += 1
            else:
                skipped += 1
        parts["skipped"] = skipped
    else:
        raw = start + step * days
    due = cal.previous_working(raw) if before else cal.next_working(raw)
    parts.update(raw=raw.isoformat(), due=due.isoformat(), rest=None)
    special = cal.special(raw)
    if due != raw:
        parts["rest"] = {"holiday": special[1], "name": special[2]} if special else {"weekday": raw.weekday()}
    elif special and raw.weekday() >= 5:
        parts["rest"] = {"workday": True}
    unknown = sorted({y for y in (start.year, due.year) if not cal.knows(y)})
    parts["unknown_years"] = unknown
    return Deadline(date=due, parts=parts)


# --- stored explanations ------------------------------------------------------------------------


def deadline_note_save(*, record, field: str, deadline: Deadline, actor=None, reason: str = "") -> DeadlineNote:
    """Keep how ``record.<field>`` was computed (one note per record and field, replaced on recompute).
    Call after the record is saved with ``deadline.date``."""
    ct = ContentType.objects.get_for_model(type(record))
    note = DeadlineNote.objects.filter(content_type=ct, object_id=record.pk, field=field).first()
    note = note or DeadlineNote(content_type=ct, object_id=record.pk, field=field)
    note.start, note.rule, note.due = dt.date.fromisoformat(deadline.parts["start"]), deadline.rule, deadline.date
    note.parts, note.reason = deadline.parts, reason[:300]
    as_actor(note, actor)
    note.save()
    return note


def deadline_note_for(record, field: str) -> DeadlineNote | None:
    """The note of ``record.<field>`` if it still describes the field's value (a date set by hand,
    e.g. an approved extension, has none). Uses notes attached by ``deadline_notes_attach``."""
    cache = getattr(record, "_deadline_notes", None)
    if cache is None:
        ct = ContentType.objects.get_for_model(type(record))
        note = DeadlineNote.objects.filter(content_type=ct, object_id=record.pk, field=field).first()
    else:
        note = cache.get(field)
    return note if note is not None and note.due == getattr(record, field, None) else None


def deadline_notes_attach(records, field: str) -> None:
    """Load the notes of many records of one model in one query (for lists)."""
    records = [r for r in records if r is not None]
    if not records:
        return
    ct = ContentType.objects.get_for_model(type(records[0]))
    notes = {
        n.object_id: n
        for n in DeadlineNote.objects.filter(content_type=ct, field=field, object_id__in=[r.pk for r in records])
    }
    for r in records:
        cache = getattr(r, "_deadline_notes", None)
        if cache is None:
            cache = r._deadline_notes = {}
        cache[field] = notes.get(r.pk)
