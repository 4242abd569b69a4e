"""The findings report in Word: the content of :mod:`exports.report` without charts (plotly cannot
make images on these machines), A4 and Arial as the house style (:mod:`exports.word`)."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from analysis.results import (
    Finding,
    FindingsContent,
)
from exports.report_parts import (
    CHARTS_ELSEWHERE,
    NO_QUOTES,
    SMALL_BASE,
    Grid,
    appendix_grid,
    appendix_numbers,
    appendix_of,
    channel_grid,
    crosstab_grid,
    crosstab_test,
    methodology_lines,
    ons4_grid,
    ons4_lines,
    quotes_by_sentiment,
    rating_grid,
    rating_lines,
    shift_grid,
    shift_line,
    theme_grid,
)
from exports.word import (
    clean as _clean,
)
from exports.word import (
    fix_widths as _fix_widths,
)
from exports.word import (
    repeat_as_header as _repeat_as_header,
)
from exports.word import (
    set_font as _set_font,
)
from exports.word import (
    set_up_a4,
)
from exports.word import (
    shade as _shade,
)
from exports.word import (
    write as _write,
)

__all__ = ["findings_docx"]

# --- Word ------------------------------------------------------------------------------------

_TEXT_WIDTH = 17.0  # cm: A4 less 2 cm margins
_HEADER_SHADING = "D9D9D9"


def _set_up(document: DocumentObject, content: FindingsContent) -> None:
    set_up_a4(
        document,
        title=_clean(content.study),
        subject="Findings",
        author=_clean(content.organisation),
        styles=("Title", "Heading 1", "Heading 2"),
        plain=("List Bullet", "Quote"),
    )
    # Table titles: bold captions kept with the table they name.
    caption = document.styles["Caption"]
    _set_font(caption.element)
    caption.font.size = Pt(11)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.keep_with_next = True


class _Word:
    """The document being written. Styles are set by id, looked up once: python-docx finds a
    style by name (or checks it against the default) by scanning every style, for every
    paragraph, which makes a study with thousands of tables slow."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self._ids: dict[str, str] = {}

    def _style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def paragraph(self, text: str, *, style: str | None = None, italic: bool = False):
        paragraph = self.document.add_paragraph()
        if style is not None:
            paragraph._p.style = self._style_id(style)
        run = paragraph.add_run(_clean(text))
        if italic:
            run.italic = True
        return paragraph

    def heading(self, text: str, level: int):
        paragraph = self.paragraph(text, style="Title" if level == 0 else f"Heading {level}")
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def table(self, grid: Grid) -> Table:
        self.paragraph(grid.caption, style="Caption")
        table = self.document.add_table(rows=1, cols=len(grid.headers))
        table._tbl.tblStyle_val = self._style_id("Table Grid")
        header = zip(table.rows[0].cells, grid.headers, strict=True)
        for index, (cell, heading) in enumerate(header):
            text = "" if index == 0 and grid.first_header_hidden else heading
            _write(cell, [_clean(text)], bold=True)
            _shade(cell, _HEADER_SHADING)
            if index >= grid.text_columns:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _repeat_as_header(table)
        for row, bold in [(r, False) for r in grid.rows] + [(r, True) for r in grid.totals]:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                _write(cell, [_clean(text)], bold=bold)
                if index >= grid.text_columns:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _fix_widths(table, _widths(len(grid.headers)))
        return table


def _widths(columns: int) -> tuple[Cm, ...]:
    """The first column takes what the number columns (at most 2.6 cm each) leave."""
    if columns == 1:
        return (Cm(_TEXT_WIDTH),)
    number = min(2.6, (_TEXT_WIDTH - 5.0) / (columns - 1))
    return (Cm(_TEXT_WIDTH - number * (columns - 1)), *([Cm(number)] * (columns - 1)))


def _finding_text(finding: Finding, numbers: dict[tuple[str, str], int]) -> str:
    base = f"Base: {finding.base}"
    if finding.small_base:
        base += f"; {SMALL_BASE}"
    number = appendix_of(finding, numbers)
    if number is not None:
        base += f"; Appendix {number}"
    return f"{finding.text} ({base})"


def findings_docx(content: FindingsContent) -> bytes:
    """The findings report for ``content`` as the bytes of a .docx file: A4, Arial, headings,
    findings as bullets with their base, every table as a Word table; no charts."""
    document = Document()
    _set_up(document, content)
    word = _Word(document)
    numbers = appendix_numbers(content.tables)

    word.heading(content.study, 0)
    word.paragraph(content.organisation)

    word.heading("Headline findings", 1)
    for finding in content.findings:
        word.paragraph(_finding_text(finding, numbers), style="List Bullet")
    if not content.findings:
        word.paragraph("No headline findings yet.")

    if content.ratings:
        word.heading("Rating scales", 1)
        for summary in content.ratings:
            word.heading(summary.title, 2)
            word.table(rating_grid(summary))
            for line in rating_lines(summary):
                word.paragraph(line)

    if content.crosstabs:
        word.heading("Comparing groups", 1)
        for crosstab in content.crosstabs:
            word.heading(f"{crosstab.row_question} by {crosstab.column_question}", 2)
            word.paragraph(crosstab.sentence)
            word.table(crosstab_grid(crosstab))
            word.paragraph(crosstab_test(crosstab), italic=True)

    if content.ons4 is not None:
        word.heading("Wellbeing before and after (ONS4)", 1)
        word.table(ons4_grid(content.ons4))
        for line in ons4_lines(content.ons4):
            word.paragraph(line)

    if content.shifts:
        word.heading("Agreement before and after", 1)
        for shift in content.shifts:
            word.heading(shift.title, 2)
            word.table(shift_grid(shift))
            word.paragraph(shift_line(shift))

    word.heading("Methodology", 1)
    word.heading("Responses", 2)
    if content.responses_by_channel:
        word.table(channel_grid(content.responses_by_channel))
    else:
        word.paragraph("No response counts were given.")
    word.heading("How to read the figures", 2)
    for line in methodology_lines(content):
        word.paragraph(line)
    word.paragraph(CHARTS_ELSEWHERE)

    if content.themes:
        word.heading("What people wrote", 1)
        for table in content.themes:
            word.table(theme_grid(table))
            for note in table.notes:
                word.paragraph(note, italic=True)

    word.heading("Quotes", 1)
    for heading, quotes in quotes_by_sentiment(content):
        word.heading(heading, 2)
        for quote in quotes:
            word.paragraph(f"“{quote.text}”", style="Quote")
            if quote.theme:
                word.paragraph(quote.theme, italic=True)
    if not content.quotes:
        word.paragraph(NO_QUOTES)

    word.heading("Appendix tables", 1)
    for number, table in enumerate(content.tables, start=1):
        word.heading(f"Appendix {number}", 2)
        word.table(appendix_grid(table))
        for note in table.notes:
            word.paragraph(note, italic=True)
    if not content.tables:
        word.paragraph("No tables.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
