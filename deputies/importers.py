"""Import the deputy roster from the .xlsx sheet offices keep (Chinese header row).

Two steps: ``preview`` classifies every row as new / update / error (with the reason per cell) and
writes nothing; ``apply`` re-reads the same stashed file and writes it in one transaction, only
if no row has an error. Rows are matched to existing mandates of the term by ID number, else by
name and birth date.
"""

import datetime as dt
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from congress.audit import as_actor
from congress.models import Term, User
from deputies.forms import _valid_id_number
from deputies.models import Deputy, DeputyGroup, Gender, LiaisonStation, Party

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
REQUIRED = ["姓名", "性别"]
COLUMNS = {  # header → attribute
    "姓名": "full_name",
    "性别": "gender",
    "民族": "ethnicity",
    "出生年月": "birth_date",
    "党派": "party",
    "工作单位及职务": "occupation",
    "选区": "constituency",
    "代表小组": "group",
    "联络站": "station",
    "手机": "phone",
    "身份证号": "id_number",
}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
DEMOCRATIC = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not xlsx, wrong columns, too large)."""


@dataclass
class Row:
    number: int
    values: dict
    errors: dict = field(default_factory=dict)
    action: str = "new"  # new / update / error
    existing: Deputy | None = None


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        raise ImportFileError(_("This import has expired; upload the file again."))
    path = _folder() / ("%s.xlsx" % token)
    if not path.exists():
        raise ImportFileError(_("This import has expired; upload the file again."))
    return path


def stash_upload(upload) -> str:
    """Keep an uploaded file outside the web root until it is confirmed; return its token."""
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ImportFileError(_("This is not an Excel .xlsx file."))
    token = uuid.uuid4().hex
    with open(_folder() / ("%s.xlsx" % token), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def _read(path: Path):
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("This is not an Excel .xlsx file.")) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        book.close()
        raise ImportFileError(
            _("The first row must name the columns; missing: %(cols)s.") % {"cols": "、".join(missing)}
        )
    index = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    data = []
    for number, raw in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            book.close()
            raise ImportFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        if raw is None or all(c in (None, "") for c in raw):
            continue
        data.append((number, {attr: (raw[i] if i < len(raw) else None) for attr, i in index.items()}))
    book.close()
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})(?:\s*[.\-/月]\s*(\d{1,2})\s*日?)?\s*月?", text)
    if not m:
        raise ValueError
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


def _party(text: str):
    if not text:
        return Party.CPC
    if "共产党" in text or text.startswith("中共") or text == "党员":
        return Party.CPC
    if text.startswith(DEMOCRATIC) or "民主党派" in text:
        return Party.DEMOCRATIC
    if "无党派" in text:
        return Party.INDEPENDENT
    if text == "群众":
        return Party.MASSES
    raise ValueError


def _classify(data, term: Term) -> list[Row]:
    groups = {g.name: g for g in DeputyGroup.objects.filter(term=term)}
    stations = {s.name: s for s in LiaisonStation.objects.all()}
    existing = list(Deputy.objects.filter(term=term))
    by_id = {d.id_number: d for d in existing if d.id_number}
    by_name = {(d.full_name, d.birth_date): d for d in existing}
    seen = {}
    rows = []
    for number, raw in data:
        row, v, e = Row(number=number, values={}), {}, {}
        v["full_name"] = _text(raw.get("full_name"))
        if not v["full_name"]:
            e["姓名"] = _("A name is required.")
        elif len(v["full_name"]) > 50:
            e["姓名"] = _("At most 50 characters.")
        gender = _text(raw.get("gender"))
        if gender not in GENDERS:
            e["性别"] = _("Write 男 or 女.")
        v["gender"] = GENDERS.get(gender)
        v["ethnicity"] = _text(raw.get("ethnicity")) or "汉族"
        if len(v["ethnicity"]) > 20:
            e["民族"] = _("At most 20 characters.")
        try:
            v["birth_date"] = _date(raw.get("birth_date"))
            if v["birth_date"] and not dt.date(1900, 1, 1) <= v["birth_date"] <= dt.date.today():
                raise ValueError
        except ValueError:
            e["出生年月"], v["birth_date"] = _("Write a date such as 1975.03 or 1975-03-08."), None
        try:
            v["party"] = _party(_text(raw.get("party")))
        except ValueError:
            e["党派"], v["party"] = _("Unknown party affiliation."), None
        for attr, col, limit in (("occupation", "工作单位及职务", 200), ("constituency", "选区", 100)):
            v[attr] = _text(raw.get(attr))
            if len(v[attr]) > limit:
                e[col] = _("At most %(n)d characters.") % {"n": limit}
        group_name, station_name = _text(raw.get("group")), _text(raw.get("station"))
        v["group"] = groups.get(group_name) if group_name else None
        if group_name and v["group"] is None:
            e["代表小组"] = _("No deputy group of this name in the term.")
        v["station"] = stations.get(station_name) if station_name else None
        if station_name and v["station"] is None:
            e["联络站"] = _("No liaison station of this name.")
        v["phone"] = _text(raw.get("phone"))
        if v["phone"] and not re.fullmatch(r"1\d{10}", v["phone"]):
            e["手机"] = _("Write an 11-digit mobile number.")
        v["id_number"] = _text(raw.get("id_number")).upper()
        if v["id_number"] and not _valid_id_number(v["id_number"]):
            e["身份证号"] = _("Not a valid 18-digit ID number.")
        key = v["id_number"] or (v["full_name"], v["birth_date"])
        if key in seen:
            e["姓名"] = _("The same person as row %(row)d.") % {"row": seen[key]}
        seen[key] = number
        row.values, row.errors = v, e
        row.existing = by_id.get(v["id_number"]) if v["id_number"] else by_name.get((v["full_name"], v["birth_date"]))
        row.action = "error" if e else ("update" if row.existing else "new")
        rows.append(row)
    return rows


def preview(*, token: str, term: Term) -> dict:
    rows = _classify(_read(_path(token)), term)
    return {
        "rows": rows,
        "new": sum(r.action == "new" for r in rows),
        "update": sum(r.action == "update" for r in rows),
        "error": sum(r.action == "error" for r in rows),
        "columns": list(COLUMNS),
    }


def apply(*, token: str, term: Term, actor: User) -> dict:
    """Write a previewed file; refuse it whole if any row has an error. Return the counts."""
    path = _path(token)
    rows = _classify(_read(path), term)
    if any(r.action == "error" for r in rows):
        raise ImportFileError(_("The file has rows with errors; fix them and upload it again."))
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            deputy = row.existing or Deputy(term=term, congress_id=term.congress_id)
            for attr, value in row.values.items():
                if value not in (None, "") or attr in ("group", "station"):
                    setattr(deputy, attr, value)
            as_actor(deputy, actor)
            deputy.save()
            created += row.existing is None
            updated += row.existing is not None
    path.unlink(missing_ok=True)
    return {"created": created, "updated": updated}
