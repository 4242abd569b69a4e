"""The appendix tables as an Excel workbook, laid out as the Bromley report prints them.

A "Contents" sheet comes first: the study's title, the organisation, then one line per table,
"Appendix N — 5. Did you use the service(s)… (patient)", each linking to its table, with the name
of the sheet it is on beside it.

The tables follow, numbered "Appendix N" in the order given (questionnaire order across the study's
instruments), on **one sheet per questionnaire** ("Appendix tables – patient"). One sheet per table
would mean hundreds of tabs in a large study; one sheet for everything would mix instruments. A
sheet per questionnaire is readable, prints as one document per instrument, and keeps the workbook
streamable: it is written in openpyxl's write-only mode, so the tables are never held in memory
and a study with thousands of tables is written in one pass over ``tables``.

Each table is stacked under the previous one with a blank row between::

    Appendix 3                                  (bold)
    5. Did you use the service(s)…              (bold, wrapped)
                              No.      %        (bold header row)
    Patient                    38     44%
    Carer                      31     36%
    Someone else               <5               (suppressed: the mark, as text; no %)
    Base                       86               (bold)
    More than one answer could be given.       (notes, italic)

Counts are number cells; percents are whole-number cells formatted ``0"%"`` (the cell holds 44 and
shows "44%"), so they can be summed or charted as printed. A suppressed row shows the table's mark
("<5") as text and leaves its % cell empty.

Respondents' text reaches these cells (other-specify answers become row labels). Text that starts
like a formula (see :data:`exports.csv.FORMULA_STARTS`) is stored as text with Excel's quote
prefix, never as a formula: :func:`exports.xlsx.put` does the writing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.hyperlink import Hyperlink

from analysis.results import AppendixTable, TableRow
from exports import xlsx
from exports.xlsx import BOLD, TITLE, TOP, WRAP, fit_a4_width, put

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = [
    "CONTENTS_SHEET",
    "PERCENT_FORMAT",
    "SHEET_PREFIX",
    "appendix_workbook",
    "printed_title",
    "sheet_title",
]

CONTENTS_SHEET = "Contents"
SENTIMENT_SHEET = "Themes by sentiment"
SHEET_PREFIX = "Appendix tables – "
PERCENT_FORMAT = '0"%"'
"""A whole-number percent cell: it holds 44 and shows "44%"."""

_LABEL_WIDTH, _NUMBER_WIDTH = 60, 9

_HEADING = Font(bold=True, size=12)
_ITALIC = Font(italic=True)
_LINK = Font(color="0563C1", underline="single")
_RIGHT = Alignment(horizontal="right", vertical="top")
_RULE = Border(bottom=Side(style="thin"))


def printed_title(table: AppendixTable) -> str:
    """The table's title as printed: the question's printed number, then its wording."""
    if table.number:
        return f"{table.number}. {table.title}"
    return table.title


def sheet_title(questionnaire: str, taken: Iterable[str] = ()) -> str:
    """The sheet name for ``questionnaire``'s tables: "Appendix tables – patient", cut to Excel's
    31 characters, without the characters a sheet name cannot hold, and not one of ``taken``
    (compared as Excel does, ignoring case)."""
    return xlsx.sheet_title(questionnaire, taken, prefix=SHEET_PREFIX, fallback="questionnaire")


def _cell(
    sheet: WriteOnlyWorksheet,
    value: object,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
    border: Border | None = None,
) -> WriteOnlyCell:
    cell = put(WriteOnlyCell(sheet), value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if border is not None:
        cell.border = border
    return cell


def _print_setup(sheet: WriteOnlyWorksheet, widths: tuple[float, ...]) -> None:
    """Column widths and A4 portrait, fitted to the page's width. A write-only sheet writes its
    properties and columns with its first row, so this comes before any row."""
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    fit_a4_width(sheet)


def _row_cells(sheet: WriteOnlyWorksheet, row: TableRow) -> list[WriteOnlyCell]:
    if row.count is not None:
        shown = _cell(sheet, row.count, alignment=_RIGHT, number_format="0")
    else:
        shown = _cell(sheet, row.shown, alignment=_RIGHT)
    percent = (
        _cell(sheet, row.percent, alignment=_RIGHT, number_format=PERCENT_FORMAT)
        if row.percent is not None
        else _cell(sheet, None)
    )
    return [_cell(sheet, row.label, alignment=WRAP), shown, percent]


class _TableSheet:
    """One questionnaire's sheet, tables appended one under another; knows its next row."""

    def __init__(self, workbook: Workbook, title: str) -> None:
        self.title = title
        self.sheet = workbook.create_sheet(title)
        _print_setup(self.sheet, (_LABEL_WIDTH, _NUMBER_WIDTH, _NUMBER_WIDTH))
        self.next_row = 1

    def _append(self, cells: list[object]) -> None:
        self.sheet.append(cells)
        self.next_row += 1

    def add(self, table: AppendixTable, number: int) -> int:
        """Write ``table`` as "Appendix ``number``"; return the row its heading is on."""
        sheet, first_row = self.sheet, self.next_row
        if first_row > 1:
            self._append([])
            first_row += 1
        self._append([_cell(sheet, f"Appendix {number}", font=_HEADING)])
        self._append([_cell(sheet, printed_title(table), font=BOLD, alignment=WRAP)])
        self._append(
            [
                _cell(sheet, None, border=_RULE),
                _cell(sheet, "No.", font=BOLD, alignment=_RIGHT, border=_RULE),
                _cell(sheet, "%", font=BOLD, alignment=_RIGHT, border=_RULE),
            ]
        )
        for row in table.rows:
            self._append(_row_cells(sheet, row))
        self._append(
            [
                _cell(sheet, "Base", font=BOLD, alignment=TOP),
                _cell(sheet, table.base, font=BOLD, alignment=_RIGHT, number_format="0"),
            ]
        )
        for note in table.notes:
            self._append([_cell(sheet, note, font=_ITALIC, alignment=WRAP)])
        if table.written is not None and table.written.answers:
            self._append([_cell(sheet, f"{table.written.heading}:", font=BOLD)])
            for row in table.written.answers:
                shown = row.count if row.count is not None else row.shown
                self._append(
                    [
                        _cell(sheet, row.label, alignment=WRAP),
                        _cell(sheet, shown, alignment=_RIGHT, number_format="0"),
                    ]
                )
        return first_row


def appendix_workbook(
    tables: Iterable[AppendixTable],
    destination: str | os.PathLike | BinaryIO,
    *,
    title: str,
    organisation: str,
    first_number: int = 1,
    themes: Iterable = (),
) -> int:
    """Write the appendix tables, numbered from ``first_number`` in the order given, as an .xlsx
    file to ``destination`` (a path or a binary file opened for writing); return how many tables
    were written.

    ``tables`` is read once, as it comes: it may be a generator.
    """
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.creator = None

    contents = workbook.create_sheet(CONTENTS_SHEET)
    _print_setup(contents, (90, 32))
    contents.append([_cell(contents, title, font=TITLE)])
    contents.append([_cell(contents, organisation)])
    contents.append([])
    contents.append(
        [
            _cell(contents, "Contents", font=BOLD, border=_RULE),
            _cell(contents, "Sheet", font=BOLD, border=_RULE),
        ]
    )

    sheets: dict[str, _TableSheet] = {}
    written = 0
    for number, table in enumerate(tables, start=first_number):
        target = sheets.get(table.questionnaire)
        if target is None:
            name = sheet_title(
                table.questionnaire, [CONTENTS_SHEET, *(s.title for s in sheets.values())]
            )
            target = sheets[table.questionnaire] = _TableSheet(workbook, name)
        heading_row = target.add(table, number)

        line = _cell(
            contents,
            f"Appendix {number} — {printed_title(table)} ({table.questionnaire})",
            font=_LINK,
            alignment=WRAP,
        )
        quoted = target.title.replace("'", "''")
        line.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!A{heading_row}")
        contents.append([line, _cell(contents, target.title, alignment=TOP)])
        written += 1

    if not written:
        contents.append([_cell(contents, "No tables.", font=_ITALIC)])
    themes = list(themes)
    if themes:
        _sentiment_sheet(workbook, themes)
        contents.append(
            [
                _cell(contents, "Themes by sentiment (written answers)"),
                _cell(contents, SENTIMENT_SHEET),
            ]
        )

    workbook.save(destination)
    return written


def _sentiment_sheet(workbook: Workbook, themes: list) -> None:
    """Each theme table (``analysis.themes.tables.ThemeTable``) with its answers split by
    sentiment: Theme, No., %, Positive, Mixed or neutral, Negative; one block per table."""
    sheet = workbook.create_sheet(SENTIMENT_SHEET)
    _print_setup(sheet, (_LABEL_WIDTH, *([_NUMBER_WIDTH] * 5)))
    headings = ("No.", "%", "Positive", "Mixed or neutral", "Negative")
    for index, table in enumerate(themes):
        if index:
            sheet.append([])
        sheet.append([_cell(sheet, table.title, font=BOLD, alignment=WRAP)])
        sheet.append(
            [_cell(sheet, "Theme", font=BOLD, border=_RULE)]
            + [_cell(sheet, h, font=BOLD, alignment=_RIGHT, border=_RULE) for h in headings]
        )
        for row in table.rows:
            numbers = (row.count, row.percent, row.positive, row.mixed, row.negative)
            sheet.append(
                [_cell(sheet, ("– " * row.depth) + row.label, alignment=WRAP)]
                + [
                    _cell(
                        sheet,
                        value,
                        alignment=_RIGHT,
                        number_format=PERCENT_FORMAT if i == 1 else "0",
                    )
                    for i, value in enumerate(numbers)
                ]
            )
        sheet.append(
            [
                _cell(sheet, "Base", font=BOLD),
                _cell(sheet, table.base, font=BOLD, alignment=_RIGHT, number_format="0"),
            ]
        )
        for note in table.notes:
            sheet.append([_cell(sheet, note, font=_ITALIC, alignment=WRAP)])
