"""The recommendations tracker as an Excel workbook staff can filter, sort and print.

Three sheets, one row per record: "Reports" (each report sent to each organisation and whether it
answered in time), "Recommendations" (each recommendation beside each organisation's answer) and
"Actions" (what was promised and where it stands). Statuses arrive already worked out
(:mod:`analysis.tracker`); each is shown as a coloured cell that also names the colour, with the
plain-English reason beside it, so nothing depends on seeing colour.

Text typed by people goes into these cells, always as text (``exports.xlsx.put``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analysis.tracker import format_day
from exports.tracker.data import ActionRow, DispatchRow, RecommendationRow
from exports.xlsx import BOLD, DATE_FORMAT, TITLE, TOP, WRAP, fit_a4_width, put

__all__ = ["STATUS_FILLS", "tracker_workbook"]

STATUS_FILLS = {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE", "grey": "D9D9D9"}
"""Fill colour of a status cell, by status colour (Excel's own light red, yellow, green; grey)."""

TITLE_ROW, HEADER_ROW = 1, 3
FIRST_DATA_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    value: Callable[[Any], object]
    kind: str = "text"  # text, long (wrapped), date, number, status


def _status_label(colour: str) -> str:
    if colour not in STATUS_FILLS:
        raise ValueError(f"status colour must be one of {', '.join(STATUS_FILLS)}, not {colour!r}")
    return colour.capitalize()


REPORT_COLUMNS = (
    _Column("Report", 30, lambda r: r.report_title, "long"),
    _Column("Organisation", 28, lambda r: r.organisation, "long"),
    _Column("Sent", 12, lambda r: r.sent_on, "date"),
    _Column("Deadline", 12, lambda r: r.deadline, "date"),
    _Column("Extended to", 12, lambda r: r.extended_to, "date"),
    _Column("Response received", 12, lambda r: r.received_on, "date"),
    _Column(
        "Working days after the statutory deadline", 10, lambda r: r.working_days_late, "number"
    ),
    _Column("Status", 9, lambda r: _status_label(r.status_colour), "status"),
    _Column("Reason", 45, lambda r: r.status_reason, "long"),
)

RECOMMENDATION_COLUMNS = (
    _Column("Report", 26, lambda r: r.report_title, "long"),
    _Column("No.", 6, lambda r: r.number, "number"),
    _Column("Recommendation", 50, lambda r: r.recommendation, "long"),
    _Column("Addressed to", 22, lambda r: r.addressed_to, "long"),
    _Column("Evidence", 30, lambda r: r.evidence, "long"),
    _Column("Smallest base", 9, lambda r: r.smallest_base, "number"),
    _Column("Few answers", 8, lambda r: "Yes" if r.few_answers else None),
    _Column("Organisation", 22, lambda r: r.organisation, "long"),
    _Column("Stance", 16, lambda r: r.stance, "long"),
    _Column("Response", 60, lambda r: r.answer, "long"),
)

ACTION_COLUMNS = (
    _Column("Report", 26, lambda r: r.report_title, "long"),
    _Column("Recommendation", 9, lambda r: r.recommendation_number, "number"),
    _Column("Organisation", 22, lambda r: r.organisation, "long"),
    _Column("Action", 45, lambda r: r.description, "long"),
    _Column("Owner", 18, lambda r: r.owner, "long"),
    _Column("Due", 12, lambda r: r.due_on, "date"),
    _Column("Latest review", 40, lambda r: r.latest_review, "long"),
    _Column("Reviewed on", 12, lambda r: r.latest_review_on, "date"),
    _Column("Impact", 35, lambda r: r.impact, "long"),
    _Column("Status", 9, lambda r: _status_label(r.status_colour), "status"),
    _Column("Reason", 40, lambda r: r.status_reason, "long"),
)


def _sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[_Column],
    rows: Sequence[Any],
    as_of: date,
    *,
    colour_of: Callable[[Any], str] | None = None,
) -> Worksheet:
    sheet = workbook.create_sheet(title)
    heading = put(sheet.cell(TITLE_ROW, 1), f"Recommendations tracker as of {format_day(as_of)}")
    heading.font = TITLE

    for index, column in enumerate(columns, start=1):
        cell = put(sheet.cell(HEADER_ROW, index), column.header)
        cell.font = BOLD
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width

    for row_index, row in enumerate(rows, start=FIRST_DATA_ROW):
        for index, column in enumerate(columns, start=1):
            cell = put(sheet.cell(row_index, index), column.value(row))
            cell.alignment = WRAP if column.kind == "long" else TOP
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind == "status" and colour_of is not None:
                fill = STATUS_FILLS[colour_of(row)]
                cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)

    last_column = get_column_letter(len(columns))
    last_row = max(HEADER_ROW, HEADER_ROW + len(rows))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"

    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    fit_a4_width(sheet, landscape=True)
    return sheet


def tracker_workbook(
    dispatches: Sequence[DispatchRow],
    recommendations: Sequence[RecommendationRow],
    actions: Sequence[ActionRow],
    as_of: date,
) -> bytes:
    """The recommendations tracker as of ``as_of``, as the bytes of an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = f"Recommendations tracker as of {format_day(as_of)}"
    workbook.properties.creator = None

    _sheet(
        workbook,
        "Reports",
        REPORT_COLUMNS,
        dispatches,
        as_of,
        colour_of=lambda r: r.status_colour,
    )
    _sheet(workbook, "Recommendations", RECOMMENDATION_COLUMNS, recommendations, as_of)
    _sheet(workbook, "Actions", ACTION_COLUMNS, actions, as_of, colour_of=lambda r: r.status_colour)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
