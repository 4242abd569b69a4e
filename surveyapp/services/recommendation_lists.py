"""Recommendations arriving as a file: a text file (one per line) or a spreadsheet (number and
text in the first two columns, or text alone), turned into the lines the import reads."""

from __future__ import annotations

import io

from surveyapp.services.tracker import TrackerError


def lines_from_file(filename: str, data: bytes) -> str:
    """The recommendations in an uploaded ``.txt``, ``.csv`` or ``.xlsx`` file, one per line."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _from_workbook(data)
    if name.endswith((".txt", ".csv")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")  # a list saved from Excel on Windows
        if name.endswith(".csv"):
            import csv

            rows = csv.reader(io.StringIO(text))
            return "\n".join(_line(row) for row in rows if any(c.strip() for c in row))
        return text
    raise TrackerError(f"'{filename}' is not a .txt, .csv or .xlsx file")


def _line(cells: list) -> str:
    cells = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if len(cells) >= 2 and cells[0].removesuffix(".0").isdigit():
        return f"{cells[0].removesuffix('.0')}. {' '.join(cells[1:])}"
    return " ".join(cells)


def _from_workbook(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        # Not data_only: a cell typed as "=..." is read as what was typed, never as its result.
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TrackerError(f"The file could not be read as a spreadsheet: {exc}") from exc
    rows = [_line(list(row)) for row in sheet.iter_rows(values_only=True)]
    # A heading row ("Number", "Recommendation") is not a recommendation.
    if rows and rows[0].lower().startswith(("number", "no.", "recommendation ")):
        rows = rows[1:] if not rows[0][:1].isdigit() else rows
    return "\n".join(r for r in rows if r)
