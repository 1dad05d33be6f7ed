"""Every spreadsheet the portal hands out goes through congress/exports.py: text that starts like a
formula is never a formula when the staff open the file; numbers stay numbers."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congress import exports

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","点击")',
    "+86 138",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


def read_xlsx(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return book, book.worksheets[0]


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_writes_formula_like_text_as_text(text):
    _book, sheet = read_xlsx(exports.xlsx("表", [["标题", "数量"], [text, 3]]))
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.quotePrefix  # a text cell, kept text when edited
    assert cell.value == text.replace("\r", "\n")  # the text itself unchanged (XML reads CR as LF)
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"


def test_xlsx_keeps_numbers_dates_and_ordinary_text():
    from django.utils.translation import gettext_lazy

    row = [7, 2.5, Decimal("1.20"), dt.date(2026, 3, 1), None, "关于=号的建议", gettext_lazy("Total"), -4]
    _book, sheet = read_xlsx(exports.xlsx("表", [row]))
    values = [c.value for c in sheet[1]]
    assert values[:3] == [7, 2.5, 1.2] and all(c.data_type == "n" for c in sheet[1][:3])
    assert values[3] == dt.datetime(2026, 3, 1) and values[4] is None
    assert values[5] == "关于=号的建议" and not sheet["F1"].quotePrefix  # "=" inside the text is harmless
    assert (
        values[6] == str(gettext_lazy("Total")) and values[7] == -4 and sheet["H1"].data_type == "n"
    )  # a negative number is a number


def test_xlsx_book_has_several_sheets_and_short_titles():
    book = exports.XlsxBook()
    book.create_sheet("第一张").append(["=A1"])
    book.create_sheet("很" * 40).append([1])
    loaded = load_workbook(io.BytesIO(book.bytes()))
    assert [len(s.title) for s in loaded.worksheets] == [3, 31]
    assert loaded.worksheets[0]["A1"].data_type == "s"


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_puts_an_apostrophe_before_formula_like_text(text):
    out = io.StringIO()
    exports.csv_writer(out).writerows([[text, 5, Decimal("2.50"), "正常文本", None]])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["'" + text, "5", "2.50", "正常文本", ""]


def test_csv_response_has_a_bom_and_neutral_cells():
    response = exports.csv_response("x.csv", [["标题"], ["=1+1"], [-3]])
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert list(csv.reader(io.StringIO(text[1:]))) == [["标题"], ["'=1+1"], ["-3"]]


def test_a_public_station_message_is_text_in_the_staff_export(client, client_as, role_users):
    """The case from the field: the public writes a formula on a station's page; the staff export it."""
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    station = LiaisonStationFactory()
    text = '=HYPERLINK("http://evil.example","查看详情")'
    for _ in range(2):  # the second submission too
        client.post(reverse("deputies:station", args=[station.pk]), {"content": text}, REMOTE_ADDR="10.3.3.3")
    assert PublicOpinion.objects.filter(content=text).count() == 2
    year = PublicOpinion.objects.filter(content=text).first().received_on.year
    response = client_as("staff").get(reverse("deputies:export_year", args=["opinions", year]))
    assert response.status_code == 200
    _book, sheet = read_xlsx(response.content)
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_no_export_writes_spreadsheets_around_the_shared_writer():
    """openpyxl's Workbook and csv.writer are used only by congress/exports.py (tests and the
    benchmark build input files, not exports)."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "node_modules", "bench", "tests", "var") or "tests" in rel.parts:
            continue
        if rel.as_posix() in ("congress/exports.py", "deputies/importers.py"):
            continue
        source = path.read_text(encoding="utf-8")
        if "csv.writer(" in source or "Workbook(" in source or "from openpyxl import Workbook" in source:
            offenders.append(rel.as_posix())
    assert offenders == []
