"""Recommendations arriving as a file: a text file (one per line) or a spreadsheet (number and
text in the first two columns, or text alone), turned into the lines the import reads."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from questionnaires.text import control_character_problem
from surveyapp.importing.read import ImportFileError, decode_text
from surveyapp.services.tracker.common import TrackerError


def lines_from_file(filename: str, data: bytes) -> str:
    """The recommendations in an uploaded ``.txt``, ``.csv`` or ``.xlsx`` file, one per line."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _from_workbook(data)
    if name.endswith((".txt", ".csv")):
        try:
            text = decode_text(data, filename)  # as a response import reads its CSV
        except ImportFileError as exc:
            raise TrackerError(str(exc)) from exc
        problem = control_character_problem(text, f"'{filename}'", multiline=True)
        if problem:
            raise TrackerError(problem)
        if name.endswith(".csv"):
            return _lines(list(csv.reader(io.StringIO(text))))
        return text
    raise TrackerError(f"'{filename}' is not a .txt, .csv or .xlsx file")


HEADINGS = {"number", "no", "no.", "#", "recommendation", "recommendations", "text"}


def _lines(rows: list[list]) -> str:
    """Rows of cells as import lines; a first row of column headings is left out."""
    cleaned = [[str(c).strip() for c in row if c is not None and str(c).strip()] for row in rows]
    cleaned = [row for row in cleaned if row]
    if cleaned and cleaned[0][0].lower() in HEADINGS:
        cleaned = cleaned[1:]
    return "\n".join(_line(row) for row in cleaned)


def _line(cells: list[str]) -> str:
    number = cells[0].removesuffix(".0")
    if len(cells) >= 2 and re.fullmatch(r"[0-9]{1,3}", number):
        return f"{number}. {' '.join(cells[1:])}"
    return " ".join(cells)


def _from_workbook(data: bytes) -> str:
    try:
        # Not data_only: a cell typed as "=..." is read as what was typed, never as its result.
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TrackerError(f"The file could not be read as a spreadsheet: {exc}") from exc
    return _lines([list(row) for row in sheet.iter_rows(values_only=True)])
