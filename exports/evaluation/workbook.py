"""A service evaluation's workbook: "At a glance" first, then one sheet per numbered table
(referrals, waits, caseloads, length of support, needs, who is reached), each with its period
and its n, from the service's records frame (``analysis.service``)."""

from __future__ import annotations

import os
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook

from analysis.service.evaluation import Evaluation, heading
from exports.xlsx import BOLD, TITLE, WRAP, fit_a4_width, put, sheet_title

__all__ = ["evaluation_workbook"]


def evaluation_workbook(
    evaluation: Evaluation,
    destination: str | os.PathLike | BinaryIO,
    *,
    title: str,
    organisation: str,
) -> int:
    """Write the workbook of ``evaluation`` (``analysis.service.evaluation``) to
    ``destination``: "At a glance", then a sheet per numbered table, each headed by its period
    and base; return how many numbered tables it holds."""
    book = Workbook()
    glance = book.active
    glance.title = "At a glance"
    fit_a4_width(glance)
    glance.append([title])
    glance["A1"].font = TITLE
    glance.append([organisation])
    glance.append([])
    for what, value in evaluation.glance:
        glance.append([what, value])
    glance.column_dimensions["A"].width = 48
    glance.column_dimensions["B"].width = 30
    glance.append([])
    glance.append(["Tables"])
    taken = [glance.title]
    for table in evaluation.tables:
        frame = table.frame
        sheet = book.create_sheet(sheet_title(f"{table.number} {table.name}", taken))
        taken.append(sheet.title)
        fit_a4_width(sheet, landscape=len(frame.columns) > 4)
        sheet.append([f"Table {table.number}: {table.name}"])
        sheet["A1"].font = BOLD
        sheet.append([f"{evaluation.period}; base: {table.base}"])
        sheet.append([heading(c) for c in frame.columns])
        for cell in sheet[3]:
            cell.font = BOLD
            cell.alignment = WRAP
        for row in frame.itertuples(index=False):
            sheet.append([_plain(value) for value in row])
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 22
        glance.append([f"Table {table.number}: {table.name}", sheet.title])
    # Text from the records (names of practices, needs ...) is stored as text, never a formula.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    put(cell, cell.value)
    book.save(destination)
    return len(evaluation.tables)


def _plain(value: Any) -> Any:
    """A cell value openpyxl writes: numpy numbers as Python ones, missing as empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
