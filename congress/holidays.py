"""The holiday calendar's writes: the seed from the `chinesecalendar` package (2004 onwards, run after
every migrate and flush, adding only years the database lacks, so staff edits are kept), a day added
or changed by staff, and the import of a year's State Council notice (CSV or .xlsx). Each change is
audited with its actor and moves the open deadlines it affects (congress.deadlines)."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import as_actor
from congress.models import CalendarDay, CalendarDayKind, HolidayName
from congress.reminders import deadlines_recalculate

PACKAGE_NAMES = {
    "New Year's Day": HolidayName.NEW_YEAR,
    "Spring Festival": HolidayName.SPRING_FESTIVAL,
    "Tomb-sweeping Day": HolidayName.TOMB_SWEEPING,
    "Labour Day": HolidayName.LABOUR_DAY,
    "Dragon Boat Festival": HolidayName.DRAGON_BOAT,
    "Mid-autumn Festival": HolidayName.MID_AUTUMN,
    "National Day": HolidayName.NATIONAL_DAY,
}
ANTI_FASCIST_70 = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
# The names a notice or a staff member may write, in either language.
NAMES = {
    "元旦": HolidayName.NEW_YEAR,
    "春节": HolidayName.SPRING_FESTIVAL,
    "清明": HolidayName.TOMB_SWEEPING,
    "清明节": HolidayName.TOMB_SWEEPING,
    "劳动节": HolidayName.LABOUR_DAY,
    "五一": HolidayName.LABOUR_DAY,
    "端午": HolidayName.DRAGON_BOAT,
    "端午节": HolidayName.DRAGON_BOAT,
    "中秋": HolidayName.MID_AUTUMN,
    "中秋节": HolidayName.MID_AUTUMN,
    "国庆": HolidayName.NATIONAL_DAY,
    "国庆节": HolidayName.NATIONAL_DAY,
    **{k.lower(): v for k, v in PACKAGE_NAMES.items()},
    **{c.value: c for c in HolidayName},
}
KINDS = {
    "休": CalendarDayKind.HOLIDAY,
    "假": CalendarDayKind.HOLIDAY,
    "holiday": CalendarDayKind.HOLIDAY,
    "班": CalendarDayKind.WORKDAY,
    "上班": CalendarDayKind.WORKDAY,
    "workday": CalendarDayKind.WORKDAY,
    "调休": CalendarDayKind.WORKDAY,
}
MAX_IMPORT_ROWS = 200


class CalendarError(Exception):
    """A refused calendar change; the message is translated."""


def calendar_seed(**kwargs) -> int:
    """Add the package's days for every year the database has no day of; return how many were added.
    Idempotent (a post_migrate receiver: also after a test's flush)."""
    try:
        from chinese_calendar import constants
    except ImportError:  # the calendar stays editable by staff
        return 0
    have = {d.year for d in CalendarDay.objects.dates("day", "year")}
    rows = []
    for kind, days in ((CalendarDayKind.HOLIDAY, constants.holidays), (CalendarDayKind.WORKDAY, constants.workdays)):
        for day, name in days.items():
            if day.year in have:
                continue
            holiday = PACKAGE_NAMES.get(str(name), HolidayName.OTHER)
            rows.append(
                CalendarDay(
                    day=day, kind=kind, holiday=holiday, name=ANTI_FASCIST_70 if holiday == HolidayName.OTHER else ""
                )
            )
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def seed_after_migrate(sender, **kwargs):
    calendar_seed()


def _holiday(value: str) -> tuple[str, str]:
    value = (value or "").strip()
    code = NAMES.get(value) or NAMES.get(value.lower())
    if code:
        return code, ""
    return HolidayName.OTHER, value[:50]


@transaction.atomic
def calendar_day_save(*, day: dt.date, kind: str, holiday: str, name: str = "", reason: str, actor) -> CalendarDay:
    """Add or change one day; the open deadlines it affects move, with ``reason``."""
    if not reason.strip():
        raise CalendarError(_("Give the reason for the change (e.g. the notice's number)."))
    record = CalendarDay.objects.select_for_update().filter(day=day).first() or CalendarDay(day=day)
    record.kind, record.holiday, record.name = kind, holiday, (name or "").strip()[:50]
    if record.holiday != HolidayName.OTHER:
        record.name = ""
    try:
        record.full_clean()
    except ValidationError as exc:
        raise CalendarError(" ".join(exc.messages))
    as_actor(record, actor)
    record.save()
    deadlines_recalculate(first=day, last=day, reason=reason.strip(), actor=actor)
    return record


@transaction.atomic
def calendar_day_remove(*, day: dt.date, reason: str, actor) -> None:
    """Take a day entered by mistake off the calendar (audited); the deadlines it moved move back."""
    if not reason.strip():
        raise CalendarError(_("Give the reason for the change (e.g. the notice's number)."))
    record = CalendarDay.objects.select_for_update().filter(day=day).first()
    if record is None:
        raise CalendarError(_("That day is not on the calendar."))
    as_actor(record, actor)
    record.delete()
    deadlines_recalculate(first=day, last=day, reason=reason.strip(), actor=actor)


@dataclass
class ImportRow:
    line: int
    day: dt.date | None
    kind: str
    holiday: str
    name: str
    error: str = ""


def calendar_import_parse(*, upload) -> list[ImportRow]:
    """Read a notice as rows of (date, 休/班, name) from a CSV or .xlsx file; each row carries its error.
    A header row is skipped; nothing is written."""
    raw = upload.read(2_000_000)
    filename = getattr(upload, "name", "") or ""
    try:
        if filename.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
            lines = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2)]
        else:
            lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    except Exception:
        raise CalendarError(_("The file could not be read: send a CSV (UTF-8) or an .xlsx workbook."))
    rows, seen = [], set()
    for number, cells in enumerate(lines, start=1):
        cells = [("" if c is None else c) for c in cells] + ["", "", ""]
        if not any(str(c).strip() for c in cells[:3]):
            continue
        value, kind_text, name = cells[0], str(cells[1]).strip(), str(cells[2]).strip()
        if number == 1 and not isinstance(value, dt.date) and not str(value).strip()[:1].isdigit():
            continue  # header
        row = ImportRow(line=number, day=None, kind="", holiday="", name="")
        try:
            row.day = (
                value.date()
                if isinstance(value, dt.datetime)
                else (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip()))
            )
        except ValueError:
            row.error = _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": str(value)[:20]}
        row.kind = KINDS.get(kind_text) or KINDS.get(kind_text.lower(), "")
        if not row.error and not row.kind:
            row.error = _("The kind must be 休 (holiday) or 班 (make-up working day).")
        row.holiday, row.name = _holiday(name)
        if not row.error and row.holiday == HolidayName.OTHER and not row.name:
            row.error = _("Give the holiday's name.")
        if not row.error and row.day in seen:
            row.error = _("This date is given twice.")
        seen.add(row.day)
        rows.append(row)
        if len(rows) > MAX_IMPORT_ROWS:
            raise CalendarError(_("At most %(n)s days at a time.") % {"n": MAX_IMPORT_ROWS})
    if not rows:
        raise CalendarError(_("The file has no days."))
    return rows


@transaction.atomic
def calendar_import(*, rows: list[ImportRow], reason: str, actor) -> int:
    """Write the parsed rows (all or nothing: refused if any row has an error); return how many days."""
    if any(r.error for r in rows):
        raise CalendarError(_("Correct the rows with errors first; nothing was imported."))
    if not reason.strip():
        raise CalendarError(_("Give the reason for the change (e.g. the notice's number)."))
    for r in rows:
        record = CalendarDay.objects.select_for_update().filter(day=r.day).first() or CalendarDay(day=r.day)
        record.kind, record.holiday, record.name = r.kind, r.holiday, r.name
        as_actor(record, actor)
        record.save()
    deadlines_recalculate(
        first=min(r.day for r in rows), last=max(r.day for r in rows), reason=reason.strip(), actor=actor
    )
    return len(rows)
