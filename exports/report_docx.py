"""The report in Word: the parts of :mod:`exports.report` in the same order, A4 and Arial as the
house style (:mod:`exports.word`), its charts as pictures drawn by :mod:`exports.chart_images`
with their numbers as alternative text."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from analysis.results import Finding, FindingsContent
from analysis.themes.tables import theme_appendix
from exports.chart_images import choice_png, ons4_png, rating_png
from exports.chart_text import choice_alt, ons4_alt, rating_alt
from exports.publication import Publication
from exports.report_outline import outline, response_grid, response_lines
from exports.report_parts import (
    NO_QUOTES,
    Grid,
    appendix_grid,
    appendix_numbers,
    appendix_of,
    channel_grid,
    charted_tables,
    crosstab_grid,
    crosstab_heading,
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
    written_items,
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
from exports.workbook import printed_title

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

    def picture(self, png: bytes, alt: str) -> None:
        """A chart as a picture the width of the text, with ``alt`` as its alternative text
        (what Word's accessibility checker asks for, and a screen reader reads)."""
        shape = self.document.add_picture(io.BytesIO(png), width=Cm(_TEXT_WIDTH))
        properties = shape._inline.docPr
        properties.set("descr", _clean(alt))
        properties.set("title", _clean(alt.partition(":")[0]))
        self.document.paragraphs[-1].paragraph_format.keep_with_next = True

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
    number = appendix_of(finding, numbers)
    return f"{finding.text} (Appendix {number})" if number is not None else finding.text


def findings_docx(publication: Publication) -> bytes:
    """The report as the bytes of a .docx file: A4, Arial, the parts of
    :func:`~exports.report_outline.outline` under Heading 1 (items under Heading 2), findings
    as bullets, charts as pictures with their numbers as alternative text, every table as a
    Word table with a header row."""
    content = publication.content
    document = Document()
    _set_up(document, content)
    word = _Word(document)
    numbers = appendix_numbers(content.tables)
    parts = dict(outline(publication))

    word.heading(content.study, 0)
    word.paragraph(content.organisation)
    for key in ("about", "acknowledgements"):
        _written(word, publication, key)
    word.heading(parts["how-to-read"], 1)
    for line in methodology_lines(content):
        word.paragraph(line)
    for key in ("summary", "background"):
        _written(word, publication, key)
    word.heading(parts["method"], 1)
    method = publication.section("method")
    for paragraph in method.paragraphs if method else ():
        word.paragraph(paragraph)
    if content.responses_by_channel:
        word.table(channel_grid(content.responses_by_channel))

    word.heading(parts["findings"], 1)
    for finding in content.findings:
        word.paragraph(_finding_text(finding, numbers), style="List Bullet")
    if not content.findings:
        word.paragraph("No key findings yet.")

    if publication.recommendations:
        word.heading(parts["recommendations"], 1)
        for r in publication.recommendations:
            addressed = f" (for {', '.join(r.addressed_to)})" if r.addressed_to else ""
            word.paragraph(f"{r.number}. {r.text}{addressed}")

    if "full-findings" in parts:
        _full_findings(word, content, numbers, parts["full-findings"])

    if "themes" in parts:
        word.heading(parts["themes"], 1)
        for table in content.themes:
            word.heading(table.title, 2)
            if table.rows:
                charted = theme_appendix(table)
                word.picture(choice_png(charted), choice_alt(charted))
            word.table(theme_grid(table))
            for note in table.notes:
                word.paragraph(note, italic=True)
        for heading, quotes in quotes_by_sentiment(content):
            word.heading(heading, 2)
            for quote in quotes:
                word.paragraph(f"“{quote.text}”", style="Quote")
                if quote.theme:
                    word.paragraph(quote.theme, italic=True)
        if not content.quotes:
            word.paragraph(NO_QUOTES)

    word.heading(parts["appendix"], 1)
    for number, table in enumerate(content.tables, start=1):
        word.heading(f"Appendix {number}", 2)
        word.table(appendix_grid(table))
        for note in table.notes:
            word.paragraph(note, italic=True)
        if table.written is not None and table.written.answers:
            word.paragraph(f"{table.written.heading}:")
            for item in written_items(table):
                word.paragraph(item, style="List Bullet")
    if not content.tables:
        word.paragraph("No tables.")

    if publication.responses:
        word.heading(parts["responses"], 1)
        for form in publication.responses:
            word.heading(form.sent_to, 2)
            for line in response_lines(form):
                word.paragraph(line)
            if form.rows:
                word.table(response_grid(form))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _written(word: _Word, publication: Publication, key: str) -> None:
    section = publication.section(key)
    if section is None:
        return
    word.heading(section.heading, 1)
    for paragraph in section.paragraphs:
        word.paragraph(paragraph)


def _full_findings(
    word: _Word, content: FindingsContent, numbers: dict[tuple[str, str], int], heading: str
) -> None:
    word.heading(heading, 1)
    for table in charted_tables(content):
        word.heading(printed_title(table), 2)
        word.picture(choice_png(table), choice_alt(table))
        number = numbers.get((table.questionnaire, table.question_id))
        if number is not None:
            word.paragraph(f"See Appendix {number}.", italic=True)
    for summary in content.ratings:
        word.heading(summary.title, 2)
        word.picture(rating_png(summary), rating_alt(summary))
        word.table(rating_grid(summary))
        for line in rating_lines(summary):
            word.paragraph(line)
    for crosstab in content.crosstabs:
        word.heading(crosstab_heading(crosstab), 2)
        word.paragraph(crosstab.sentence)
        word.table(crosstab_grid(crosstab))
        word.paragraph(crosstab_test(crosstab), italic=True)
    if content.ons4 is not None:
        word.heading("Wellbeing before and after (ONS4)", 2)
        word.picture(ons4_png(content.ons4), ons4_alt(content.ons4))
        word.table(ons4_grid(content.ons4))
        for line in ons4_lines(content.ons4):
            word.paragraph(line)
    for shift in content.shifts:
        word.heading(shift.title, 2)
        word.table(shift_grid(shift))
        word.paragraph(shift_line(shift))
