"""The Report & Recommendation Response Form as a Word document.

Local Healthwatch has a right to a reply within 20 working days to the reports and recommendations
it sends to a service provider. The form it sends (or files, once filled in) sets each
recommendation beside the organisation's response; this module lays out one
:class:`~exports.tracker_data.ResponseFormData` that way: A4, Arial, the report's details in a
two-column table, the general response, then one table row per recommendation, with the header row
repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from exports.tracker_data import AnsweredRecommendation, ResponseFormData

__all__ = ["FORM_TITLE", "long_day", "response_form_docx"]

FORM_TITLE = "Report & Recommendation Response Form"
FONT = "Arial"
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
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
_DETAIL_WIDTHS = (Cm(6.0), Cm(11.0))
_ROW_WIDTHS = (Cm(5.5), Cm(8.0), Cm(3.5))
_HEADER_SHADING = "D9D9D9"

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and carriage return): text
# typed or pasted by people can carry them, and lxml refuses them, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def long_day(day: dt.date) -> str:
    """A date as the form prints it: ``4 July 2023`` (no leading zero, English, any locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _paragraphs(text: str | None) -> list[str]:
    """``text`` split at blank lines, each paragraph trimmed; no empty paragraphs."""
    if text is None:
        return []
    return [part.strip() for part in _BLANK_LINE.split(_clean(text)) if part.strip()]


def _set_font(element, size: Pt | None = None) -> None:
    """Arial for every script in a style's (or the defaults') run properties, theme fonts removed.

    Word prefers a theme font (``w:asciiTheme``) to a named one, so those attributes go.
    """
    r_pr = element.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        element.append(r_pr)
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _set_up(document: DocumentObject, form: ResponseFormData) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            _set_font(run_defaults)
    normal = document.styles["Normal"]
    _set_font(normal.element)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Heading 1", Pt(16)), ("Heading 2", Pt(13))):
        style = document.styles[name]
        _set_font(style.element)
        style.font.size = size
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    _set_font(document.styles["List Bullet"].element)

    properties = document.core_properties
    properties.title = f"{FORM_TITLE}: {_clean(form.report_title)}"
    properties.subject = _clean(form.report_title)
    properties.author = _clean(form.issuer)
    properties.last_modified_by = _clean(form.issuer)
    properties.comments = ""
    properties.language = "en-GB"


def _fix_widths(table: Table, widths: tuple[Cm, ...]) -> None:
    """Fixed column widths: Word reads the cells' widths, LibreOffice the grid's."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell: _Cell, texts: list[str], *, bold: bool = False) -> None:
    """``texts`` as paragraphs of ``cell`` (the first reusing the cell's empty paragraph); a
    single newline inside a paragraph stays a line break."""
    for index, text in enumerate(texts):
        reuse = index == 0 and not cell.paragraphs[-1].text and len(cell.paragraphs) == 1
        paragraph = cell.paragraphs[0] if reuse else cell.add_paragraph()
        _add_lines(paragraph, text, bold=bold)


def _add_lines(paragraph, text: str, *, bold: bool = False) -> None:
    run = paragraph.add_run()
    if bold:
        run.bold = True
    for index, line in enumerate(text.split("\n")):
        if index:
            run.add_break()
        run.add_text(line)


def _details(document: DocumentObject, form: ResponseFormData) -> None:
    if form.extended_to is not None:
        extension = long_day(form.extended_to)
        reason = _clean(form.extension_reason or "").strip()
        if reason:
            extension += f" ({reason})"
    else:
        extension = "None"
    rows = (
        ("Report sent to", _clean(form.sent_to)),
        ("Date sent", long_day(form.sent_on)),
        ("Report title", _clean(form.report_title)),
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
        _write(row.cells[0], [label], bold=True)
        _shade(row.cells[0], _HEADER_SHADING)
        _write(row.cells[1], [value])
    _fix_widths(table, _DETAIL_WIDTHS)


def _repeat_as_header(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def _recommendation_row(table: Table, row: AnsweredRecommendation) -> None:
    cells = table.add_row().cells
    _write(cells[0], [f"Recommendation {row.number}"], bold=True)
    _write(cells[0], _paragraphs(row.recommendation))
    _write(cells[1], _paragraphs(row.answer))
    stance = _clean(row.stance).strip() if row.stance else ""
    _write(cells[2], [stance or NOT_ANSWERED])
    if row.actions:
        _write(cells[2], ["Actions:"], bold=True)
        for action in row.actions:
            _add_lines(cells[2].add_paragraph(style="List Bullet"), _clean(action).strip())


def _recommendations(document: DocumentObject, form: ResponseFormData) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(
        table.rows[0].cells, ("Recommendation", "Response", "Stance"), strict=True
    ):
        _write(cell, [heading], bold=True)
        _shade(cell, _HEADER_SHADING)
    _repeat_as_header(table)
    for row in form.rows:
        _recommendation_row(table, row)
    _fix_widths(table, _ROW_WIDTHS)


def response_form_docx(form: ResponseFormData) -> bytes:
    """The Report & Recommendation Response Form for one report sent to one organisation, as the
    bytes of a .docx file."""
    document = Document()
    _set_up(document, form)

    byline = document.add_paragraph()
    run = byline.add_run(f"{_clean(form.issuer)} · {_clean(form.report_title)}")
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    document.add_heading(FORM_TITLE, level=1)
    _details(document, form)

    document.add_heading("Response", level=2)
    for text in _paragraphs(form.general_response) or [NO_GENERAL_RESPONSE]:
        _add_lines(document.add_paragraph(), text)

    document.add_heading("Recommendations and responses", level=2)
    _recommendations(document, form)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
