"""The Report & Recommendation Response Form as a Word document.

Local Healthwatch has a right to a reply within 20 working days to the reports and recommendations
it sends to a service provider. The form it sends (or files, once filled in) sets each
recommendation beside the organisation's response; this module lays out one
:class:`~exports.tracker.data.ResponseFormData` that way: A4, Arial, the report's details in a
two-column table, the general response, then one table row per recommendation, with the header row
repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from exports.tracker.data import AnsweredRecommendation, ResponseFormData
from exports.word import (
    add_lines,
    clean,
    fix_widths,
    paragraphs,
    repeat_as_header,
    set_up_a4,
    shade,
    write,
)

__all__ = ["FORM_TITLE", "long_day", "response_form_docx"]

FORM_TITLE = "Report & Recommendation Response Form"
NO_GENERAL_RESPONSE = "No response recorded yet."
NOT_ANSWERED = "Not yet answered"
NOT_RECEIVED = "Not yet received"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# A4 less 2 cm margins each side leaves 17 cm for the tables.
_DETAIL_WIDTHS = (Cm(6.0), Cm(11.0))
_ROW_WIDTHS = (Cm(5.5), Cm(8.0), Cm(3.5))
_HEADER_SHADING = "D9D9D9"


def _set_up(document: DocumentObject, form: ResponseFormData) -> None:
    set_up_a4(
        document,
        title=f"{FORM_TITLE}: {clean(form.report_title)}",
        subject=clean(form.report_title),
        author=clean(form.issuer),
        styles=("Heading 1", "Heading 2"),
        plain=("List Bullet",),
    )


def long_day(day: dt.date) -> str:
    """A date as the form prints it: ``4 July 2023`` (no leading zero, English, any locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _details(document: DocumentObject, form: ResponseFormData) -> None:
    if form.extended_to is not None:
        extension = long_day(form.extended_to)
        reason = clean(form.extension_reason or "").strip()
        if reason:
            extension += f" ({reason})"
    else:
        extension = "None"
    rows = (
        ("Report sent to", clean(form.sent_to)),
        ("Date sent", long_day(form.sent_on)),
        ("Report title", clean(form.report_title)),
        ("Response deadline (20 working days)", long_day(form.deadline)),
        ("Extension agreed", extension),
        (
            "Date of response provided",
            long_day(form.received_on) if form.received_on else NOT_RECEIVED,
        ),
    )
    table = document.add_table(rows=len(rows), cols=2)
    table.style = document.styles["Table Grid"]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        write(row.cells[0], [label], bold=True)
        shade(row.cells[0], _HEADER_SHADING)
        write(row.cells[1], [value])
    fix_widths(table, _DETAIL_WIDTHS)


def _recommendation_row(table: Table, row: AnsweredRecommendation) -> None:
    cells = table.add_row().cells
    write(cells[0], [f"Recommendation {row.number}"], bold=True)
    write(cells[0], paragraphs(row.recommendation))
    write(cells[1], paragraphs(row.answer))
    stance = clean(row.stance).strip() if row.stance else ""
    write(cells[2], [stance or NOT_ANSWERED])
    if row.actions:
        write(cells[2], ["Actions:"], bold=True)
        for action in row.actions:
            add_lines(cells[2].add_paragraph(style="List Bullet"), clean(action).strip())


def _recommendations(document: DocumentObject, form: ResponseFormData) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(
        table.rows[0].cells, ("Recommendation", "Response", "Stance"), strict=True
    ):
        write(cell, [heading], bold=True)
        shade(cell, _HEADER_SHADING)
    repeat_as_header(table)
    for row in form.rows:
        _recommendation_row(table, row)
    fix_widths(table, _ROW_WIDTHS)


def response_form_docx(form: ResponseFormData) -> bytes:
    """The Report & Recommendation Response Form for one report sent to one organisation, as the
    bytes of a .docx file."""
    document = Document()
    _set_up(document, form)

    byline = document.add_paragraph()
    run = byline.add_run(f"{clean(form.issuer)} · {clean(form.report_title)}")
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    document.add_heading(FORM_TITLE, level=1)
    _details(document, form)

    document.add_heading("Response", level=2)
    for text in paragraphs(form.general_response) or [NO_GENERAL_RESPONSE]:
        add_lines(document.add_paragraph(), text)

    document.add_heading("Recommendations and responses", level=2)
    _recommendations(document, form)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
