"""The one writer for every spreadsheet the portal hands out (xlsx and CSV).

Text in an export can come from the public (a station message, a proposal title): a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by Excel/WPS as a formula
(``=HYPERLINK(...)``, ``=cmd|...`` DDE) when the staff open the file. So:

- xlsx: every text is written as a text cell (never a formula, whatever it starts with); text with one
  of those first characters also gets Excel's quote prefix, so it stays text when someone edits the cell.
  The text itself is kept exactly.
- CSV has no cell types: such text gets a leading apostrophe (``'=1+1``), which Excel hides and shows
  as text.

Numbers, dates and empty cells are written as they are; lazy translations become their text.
"""

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAIN = (int, float, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta, bool, type(None))


def _text(value):
    return str(value) if isinstance(value, Promise) else value


def csv_cell(value):
    """The value as CSV should hold it: formula-like text behind an apostrophe."""
    value = _text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _CsvWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _CsvWriter:
    """csv.writer whose rows are neutralised (see the module's docstring)."""
    return _CsvWriter(stream, **kwargs)


def csv_response(filename: str, rows: Iterable) -> HttpResponse:
    """A CSV download, UTF-8 with a BOM so that Excel reads the Chinese."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="%s"' % filename
    response.write("\ufeff")
    csv_writer(response).writerows(rows)
    return response


class _Sheet:
    def __init__(self, sheet):
        self._sheet = sheet

    def append(self, row):
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in row:
            value = _text(value)
            if isinstance(value, PLAIN):
                cells.append(value)
                continue
            cell = WriteOnlyCell(self._sheet, str(value))
            cell.data_type = "s"  # openpyxl would make a formula of text starting with "="
            if cell.value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
            cells.append(cell)
        self._sheet.append(cells)


class XlsxBook:
    """A write-only openpyxl workbook whose sheets neutralise formulas:
    ``book = XlsxBook(); sheet = book.create_sheet("名册"); sheet.append([...]); book.save(stream)``."""

    def __init__(self):
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)

    def create_sheet(self, title: str) -> _Sheet:
        return _Sheet(self._book.create_sheet(str(title)[:31]))

    def save(self, stream) -> None:
        self._book.save(stream)

    def bytes(self) -> bytes:
        out = BytesIO()
        self.save(out)
        return out.getvalue()


def xlsx(title: str, rows: Iterable) -> bytes:
    """A one-sheet workbook of the rows (the first is usually the header)."""
    book = XlsxBook()
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
    return book.bytes()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="%s"' % filename
    return response
