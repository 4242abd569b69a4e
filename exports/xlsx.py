"""What every workbook we write shares: cells that hold people's text safely, sheet names Excel
accepts, the house fonts, and A4 printing fitted to the page's width.

Text typed by people goes into these cells. openpyxl turns a string starting with ``=`` into a
formula, so text that starts like a formula (:data:`exports.csv.FORMULA_STARTS`) is stored as a
string cell with Excel's "quote prefix" (what typing a leading apostrophe does): Excel and
LibreOffice show the text exactly and never run it, even when the cell is edited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from exports.csv import FORMULA_STARTS

__all__ = [
    "BOLD",
    "DATE_FORMAT",
    "TITLE",
    "TOP",
    "WRAP",
    "fit_a4_width",
    "put",
    "sheet_title",
]

DATE_FORMAT = "d mmm yyyy"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)

_MAX_SHEET_TITLE = 31  # Excel's limit
_NOT_IN_SHEET_TITLE = re.compile(r"[\\/*?:\[\]\x00-\x1f]")
_PAPER_A4 = "9"  # Worksheet.PAPERSIZE_A4; a write-only sheet does not carry the constant

Cell = TypeVar("Cell")


def put(cell: Cell, value: object) -> Cell:
    """Set ``cell`` (a cell of a sheet, or a write-only cell) to ``value``; text is always stored
    as text, never as a formula. Characters a workbook cannot hold (C0 controls other than tab,
    newline, carriage return) are dropped."""
    target: Any = cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        target.value = text
        if text.startswith(FORMULA_STARTS):
            target.data_type = "s"
            target.quotePrefix = True
    else:
        target.value = value
    return cell


def sheet_title(
    name: str, taken: Iterable[str] = (), prefix: str = "", fallback: str = "sheet"
) -> str:
    """A sheet name for ``name`` (after ``prefix``; ``fallback`` when nothing of ``name`` can be
    kept): without the characters a sheet name cannot hold, cut to Excel's 31 characters, and
    not one of ``taken`` (compared as Excel does, ignoring case: "(2)", "(3)"... are added)."""
    cleaned = _NOT_IN_SHEET_TITLE.sub(" ", name).strip().strip("'") or fallback
    base = (prefix + cleaned)[:_MAX_SHEET_TITLE].rstrip().rstrip("'")
    used = {title.casefold() for title in taken}
    candidate, suffix = base, 1
    while candidate.casefold() in used:
        suffix += 1
        tail = f" ({suffix})"
        candidate = base[: _MAX_SHEET_TITLE - len(tail)].rstrip() + tail
    return candidate


def fit_a4_width(sheet: Any, *, landscape: bool = False) -> None:
    """Print ``sheet`` on A4, as wide as the page and as many pages long as it takes. (On a
    write-only sheet this must come before its first row, which writes its properties.)"""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = _PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
