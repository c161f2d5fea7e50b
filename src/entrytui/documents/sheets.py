"""Reading class lists (CSV in any common encoding, or XLSX) into rows of text, and
writing tables of text back (rejected rows with an Error column, a session's export).

Detection: a byte-order mark decides UTF-8/UTF-16; UTF-16 without one is recognised by
its NUL bytes; otherwise strict UTF-8, else Windows-1252 (which every byte decodes in).
The delimiter is the one of comma, semicolon and tab that splits the first lines most
consistently.  Both can be overridden.

Formulas: a cell written here never runs as one.  In a CSV a value starting with ``= + - @``
(or a tab or carriage return) gets a leading ``'``, as does one already starting with ``'``
before one of those, so that :func:`unguarded` (the upload applies it to every cell it reads)
gives back exactly the value written; an XLSX holds every value as text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

XLSX_MAGIC = b"PK\x03\x04"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252")


@dataclass(frozen=True)
class SheetData:
    rows: list[list[str]]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""

    def describe(self) -> str:
        if self.kind == "xlsx":
            return "Excel workbook (first sheet)"
        return f"CSV, {self.encoding}, {DELIMITERS.get(self.delimiter, repr(self.delimiter))}-separated"


NEW_CSV = SheetData([], "csv", "utf-8-sig", ",")  # what write_sheet makes of a new CSV: UTF-8 with a BOM
NEW_XLSX = SheetData([], "xlsx")


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX this reader understands; the message says why."""


def read_sheet(data: bytes, name: str = "", encoding: str | None = None, delimiter: str | None = None) -> SheetData:
    if data.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if encoding and encoding not in ENCODINGS:
        raise UnreadableFile(f"unknown encoding '{encoding}' (use one of {', '.join(ENCODINGS)})")
    encoding = encoding or detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"the file is not {encoding}: byte {exc.start + 1} cannot be decoded") from None
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise UnreadableFile("the file holds NUL characters: it is not a text (CSV) file")
    if delimiter and delimiter not in DELIMITERS:
        raise UnreadableFile("the delimiter must be a comma, a semicolon or a tab")
    delimiter = delimiter or detect_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV cannot be read: {exc}") from None
    return SheetData(rows, "csv", encoding, delimiter)


def detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        odd_zeros = sample[1::2].count(0)
        return "utf-16-le" if odd_zeros >= sample[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", -1
    for candidate in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 100 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_xlsx(data: bytes) -> SheetData:
    from openpyxl import load_workbook  # only for an .xlsx: 0.25 s no CSV upload should pay

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"the Excel file cannot be read ({type(exc).__name__}: {exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return SheetData(rows, "xlsx")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def spreadsheet_safe(value: str) -> str:
    """A leading = + - @ would make a spreadsheet run the cell as a formula: ``'`` before it
    (and before a ``'`` that already guards one, so that :func:`unguarded` is exact)."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unguarded(value: str) -> str:
    """The value :func:`spreadsheet_safe` was given: one leading ``'`` before ``= + - @`` dropped."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def write_sheet(rows: list[list[str]], like: SheetData) -> bytes:
    """Rows in the format of ``like`` (the file they came from, for the rejects file; or a
    new one), formula-safe (see the module's text)."""
    if like.kind == "xlsx":
        from openpyxl import Workbook  # only for an .xlsx (see _read_xlsx)
        from openpyxl.cell import WriteOnlyCell  # as Workbook: only for an .xlsx

        book = Workbook(write_only=True)  # a third faster than a workbook kept whole in memory
        sheet = book.create_sheet()

        def as_text(value: str):
            if not value.startswith("="):
                return value
            cell = WriteOnlyCell(sheet, value)  # openpyxl takes a leading = for a formula: keep it text
            cell.data_type, cell.quotePrefix = "s", True
            return cell

        for row in rows:
            sheet.append([as_text(value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    csv.writer(text, delimiter=like.delimiter or ",", lineterminator="\r\n").writerows(
        [spreadsheet_safe(cell) for cell in row] for row in rows
    )
    encoding = like.encoding or "utf-8-sig"  # a new CSV: UTF-8 with a byte-order mark
    return text.getvalue().encode(encoding, errors="replace")
