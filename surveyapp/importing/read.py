"""An uploaded file (CSV or XLSX) as a header and rows of cell strings, with their row numbers.

Nothing here knows about questionnaires: :func:`read_table` only turns bytes into text cells the way
a person reading the spreadsheet would see them, and says what to fix when it cannot.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from charset_normalizer import from_bytes
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

ACCEPTED = "a .csv file (CSV UTF-8) or an .xlsx file (Excel Workbook)"
DELIMITERS = ",;\t"
SNIFF_CHARS = 64 * 1024
SEP_HINT = re.compile(r"^\ufeff?sep=(.)\s*$", re.IGNORECASE)  # Excel's "sep=;" first line
#: The most a workbook may expand to when unzipped: a few megabytes of .xlsx can hold gigabytes
#: of XML (a "zip bomb"), which would take the worker down before a row was read.
MAX_XLSX_EXPANDED = 256 * 2**20
#: Encodings whose text read as Windows-1252 would come out as mojibake.
_MULTI_BYTE = {
    "shift_jis",
    "cp932",
    "euc_jp",
    "iso2022_jp",
    "gb2312",
    "gbk",
    "gb18030",
    "hz",
    "big5",
    "big5hkscs",
    "cp950",
    "euc_kr",
    "cp949",
    "johab",
    "utf_16",
    "utf_32",
}


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says what to do about it."""


class TableRow(NamedTuple):
    """One data row: its spreadsheet row number and its cells (same length as the header)."""

    number: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """The first sheet (or the CSV) as text.

    ``header`` holds the column names as written (stripped); a column with values but no name has
    the name ``""``. ``rows`` holds every data row that has at least one value, with the row number
    the spreadsheet shows (rows with every cell empty are skipped, their numbers are not reused).
    The header is always row 1.
    """

    header: list[str]
    rows: list[TableRow]


#: What a file of returns holds, and the command that imports one of any size.
RETURNS = ("answers", "surveyapp import responses")


def read_table(
    data: bytes,
    filename: str,
    *,
    max_rows: int | None = None,
    rows_of: tuple[str, str] = RETURNS,
) -> Table:
    """The header and data rows of an uploaded ``.csv`` or ``.xlsx`` file.

    Raises :class:`ImportFileError` for another kind of file, an empty or unreadable one, one
    whose rows are all empty, or one with more than ``max_rows`` rows under the header (found
    while reading: the rows past the limit are never read).
    """
    name = filename.strip()
    lower = name.lower()
    if lower.endswith(".csv"):
        records = _csv_records(decode_text(data, name), name)
        rows = _at_most(records, max_rows, name, rows_of)
    elif lower.endswith(".xlsx"):
        rows = _xlsx_rows(data, name, max_rows, rows_of=rows_of)
    else:
        raise ImportFileError(_wrong_type_message(name))
    return _table(rows, name)


def read_header(data: bytes, filename: str) -> list[str]:
    """The column names of an uploaded ``.csv`` or ``.xlsx`` file (its row 1), its rows left
    unread; :class:`ImportFileError` as :func:`read_table` raises it."""
    name = filename.strip()
    lower = name.lower()
    if lower.endswith(".csv"):
        first = next(_csv_records(decode_text(data, name), name), [])
    elif lower.endswith(".xlsx"):
        first = next(iter(_xlsx_rows(data, name, max_rows=None, only_first=True)), [])
    else:
        raise ImportFileError(_wrong_type_message(name))
    return _table([first], name).header


def _at_most(
    records: Iterable[Sequence[Any]],
    max_rows: int | None,
    name: str,
    rows_of: tuple[str, str] = RETURNS,
) -> list[list[Any]]:
    """``records`` as lists, refused once more than ``max_rows`` of them under the first hold a
    value (blank rows are not counted: they are never imported)."""
    kept: list[list[Any]] = []
    filled = 0
    for record in records:
        kept.append(list(record))
        if max_rows is not None and any(str(c).strip() for c in record if c is not None):
            filled += 1
            if filled > max_rows + 1:  # the header is not a row of answers
                raise ImportFileError(
                    f"'{name}' has more than {max_rows:,} rows of {rows_of[0]}, more than are "
                    f"imported through the web at once: split it into files of up to "
                    f"{max_rows:,} rows and import each, or have it imported on the server with "
                    f"'{rows_of[1]}', which has no limit"
                )
    return kept


def _wrong_type_message(name: str) -> str:
    """What to do with a file that is neither CSV nor XLSX, by its extension."""
    lower = name.lower()
    shown = f"'{name}'" if name else "The file"
    if lower.endswith(".xls"):
        return (
            f"{shown} is an old Excel .xls file, which cannot be read: open it in Excel, choose "
            "File > Save As and save it as Excel Workbook (.xlsx) or CSV UTF-8 (.csv), then upload "
            "that file"
        )
    if lower.endswith((".ods", ".numbers", ".xlsm", ".xlsb")):
        return (
            f"{shown} is not a CSV or XLSX file: save the spreadsheet as {ACCEPTED} and "
            "upload that file"
        )
    return f"{shown} is not a CSV or XLSX file: upload {ACCEPTED}"


def decode_text(data: bytes, name: str) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if not data.strip():
        raise ImportFileError(f"'{name}' is empty: upload the file with the answers in it")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"'{name}' is an Excel workbook named .csv: rename it to end in .xlsx, or save it "
            "from Excel as CSV UTF-8 (.csv)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _other_encoding(data)
    if text is None or _looks_binary(text):
        raise ImportFileError(
            f"'{name}' could not be read as text: it may not be a CSV file. Save the spreadsheet "
            "as CSV UTF-8 (.csv) and upload that file"
        )
    return text


def _other_encoding(data: bytes) -> str | None:
    """A CSV not in UTF-8. Windows-1252 is what Excel on Windows saves as plain "CSV" here, and
    short Western text cannot be told from its neighbours (Windows-1250, -1257) by its bytes, so
    it is read so unless charset-normalizer finds a multi-byte encoding (Shift-JIS, GB18030,
    Big5, EUC-KR ...), whose bytes read as Windows-1252 would be mojibake without a word, or
    Windows-1252 cannot read the bytes at all."""
    best = from_bytes(data[: SNIFF_CHARS * 4]).best()
    found = best.encoding.lower() if best is not None else None
    if found in _MULTI_BYTE:
        try:
            return data.decode(found)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(found) if found else None
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    """Many control characters: not text at all (an image, a PDF, a database). One or two in a
    cell are a text file with debris from copying and pasting: those cells are named instead."""
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    return controls > max(8, len(sample) // 100)


def _csv_records(text: str, name: str) -> Iterator[list[str]]:
    """The records of a CSV text as lists of strings, read as they are asked for (a ``sep=``
    first line is obeyed, dropped)."""
    lines = text.split("\n", 1)
    hint = SEP_HINT.match(lines[0].rstrip("\r"))
    if hint:
        text = lines[1] if len(lines) > 1 else ""
        delimiter = hint.group(1)
    else:
        delimiter = _sniff_delimiter(text)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(
            f"'{name}' could not be read as CSV ({exc}): save it again from the spreadsheet as "
            "CSV UTF-8 (.csv), or upload it as .xlsx"
        ) from exc


def _sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the only one in the header line, else as ``csv.Sniffer`` guesses
    from the first lines, else the one the header line holds most; ``,`` when there is none."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # never cut a row in half
    first = next((line for line in sample.splitlines() if line.strip()), "")
    present = [d for d in DELIMITERS if d in first]
    if len(present) <= 1:
        return present[0] if present else ","
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return max(present, key=first.count)


def _xlsx_rows(
    data: bytes,
    name: str,
    max_rows: int | None,
    *,
    only_first: bool = False,
    rows_of: tuple[str, str] = RETURNS,
) -> list[list[str]]:
    """The cells of the first worksheet, as strings, row 1 first (see :func:`_at_most`);
    ``only_first``: row 1 alone."""
    if not data:
        raise ImportFileError(f"'{name}' is empty: upload the file with the answers in it")
    _check_expanded_size(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(
            f"'{name}' could not be opened as an Excel workbook: open it in Excel and save it "
            "again as Excel Workbook (.xlsx) or CSV UTF-8 (.csv). A password-protected workbook "
            "must be saved without its password"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some tools write a wrong size; read every row there is
        found = sheet.iter_rows(values_only=True, max_row=1 if only_first else None)
        rows = _at_most(found, max_rows, name, rows_of)
    finally:
        workbook.close()
    _check_formulas_have_values(data, name, rows)
    return [[cell_text(v) for v in row] for row in rows]


def _check_expanded_size(data: bytes, name: str) -> None:
    """Refuse a workbook that would expand past ``MAX_XLSX_EXPANDED`` before unzipping it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # not a zip at all: openpyxl says it cannot be opened
    if expanded > MAX_XLSX_EXPANDED:
        raise ImportFileError(
            f"'{name}' would expand to {expanded / 2**20:,.0f} MB when opened, more than the "
            f"{MAX_XLSX_EXPANDED / 2**20:,.0f} MB read here: save the sheet with the answers as "
            "CSV UTF-8 (.csv) and upload that, or split it into smaller workbooks"
        )


def _check_formulas_have_values(data: bytes, name: str, values: list[list[Any]]) -> None:
    """A formula whose result was never saved (the file was written by a program that does
    not calculate) reads as empty: say which cell, rather than import a blank."""
    if not any(v is None for row in values for v in row):
        return
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > len(values):  # only the first rows were read
                break
            for column, formula in enumerate(row):
                kept = values[number - 1][column] if column < len(values[number - 1]) else None
                if kept is None and isinstance(formula, str) and formula.startswith("="):
                    cell = f"{get_column_letter(column + 1)}{number}"
                    raise ImportFileError(
                        f"Cell {cell} of '{name}' holds a formula ({formula[:40]}) whose result "
                        "was not saved with the file: open the file in Excel (or LibreOffice), "
                        "save it again so the results are kept, then upload it"
                    )
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A spreadsheet value as a person reads it: 12.0 -> "12", 7.5 -> "7.5", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()  # a date cell: Excel stores dates as midnight
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _table(records: Sequence[Sequence[str]], name: str) -> Table:
    """The header (row 1) and the non-empty rows under it, padded to the same width."""
    numbered = [
        (number, [cell.strip() for cell in record])
        for number, record in enumerate(records, start=1)
        if any(cell.strip() for cell in record)
    ]
    if not numbered:
        raise ImportFileError(
            f"'{name}' has no header row: every row is empty. The first row must name the "
            "columns (reference, then the question ids), with one row of answers under it per "
            "returned questionnaire"
        )
    header_row, header = numbered[0]
    if header_row != 1:
        raise ImportFileError(
            f"Row 1 of '{name}' is empty: the first row must name the columns. Delete the empty "
            f"row(s) above row {header_row}, or write the column names in row 1"
        )
    width = max(_width(cells) for _, cells in numbered)
    return Table(
        header=_padded(header, width),
        rows=[TableRow(number, _padded(cells, width)) for number, cells in numbered[1:]],
    )


def _width(cells: Sequence[str]) -> int:
    """The number of cells up to the last one with a value."""
    return max((i + 1 for i, cell in enumerate(cells) if cell), default=0)


def _padded(cells: Iterable[str], width: int) -> list[str]:
    """``cells`` cut or padded with ``""`` to ``width`` (only empty cells are ever cut)."""
    cells = list(cells)[:width]
    return cells + [""] * (width - len(cells))
