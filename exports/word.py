"""Word documents in one house style: A4, 2 cm margins, Arial throughout, black headings, tables
with fixed widths and a repeated header row. Shared by the response form, the findings report and
the evaluation report.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from exports.report_parts import Grid

FONT = "Arial"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
HEADING_SIZES = {"Title": Pt(24), "Heading 1": Pt(16), "Heading 2": Pt(13)}

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and carriage return): text
# typed or pasted by people can carry them, and lxml refuses them, so they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def clean(text: str) -> str:
    return NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(text: str | None) -> list[str]:
    """``text`` split at blank lines, each paragraph trimmed; no empty paragraphs."""
    if text is None:
        return []
    return [part.strip() for part in BLANK_LINE.split(clean(text)) if part.strip()]


def set_font(element, size: Pt | None = None) -> None:
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


def fix_widths(table: Table, widths: tuple[Cm, ...]) -> None:
    """Fixed column widths: Word reads the cells' widths, LibreOffice the grid's."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def write(cell: _Cell, texts: list[str], *, bold: bool = False) -> None:
    """``texts`` as paragraphs of ``cell`` (the first reusing the cell's empty paragraph); a
    single newline inside a paragraph stays a line break."""
    for index, text in enumerate(texts):
        reuse = index == 0 and not cell.paragraphs[-1].text and len(cell.paragraphs) == 1
        paragraph = cell.paragraphs[0] if reuse else cell.add_paragraph()
        add_lines(paragraph, text, bold=bold)


def add_lines(paragraph, text: str, *, bold: bool = False) -> None:
    run = paragraph.add_run()
    if bold:
        run.bold = True
    for index, line in enumerate(text.split("\n")):
        if index:
            run.add_break()
        run.add_text(line)


def repeat_as_header(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def set_up_a4(
    document: DocumentObject,
    *,
    title: str,
    subject: str,
    author: str,
    styles: tuple[str, ...] = ("Heading 1", "Heading 2"),
    plain: tuple[str, ...] = ("List Bullet",),
) -> None:
    """Page, fonts and properties of the house style; ``styles`` are headings sized from
    HEADING_SIZES, ``plain`` other styles that only take the font."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            set_font(run_defaults)
    normal = document.styles["Normal"]
    set_font(normal.element)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name in styles:
        style = document.styles[name]
        set_font(style.element)
        style.font.size = HEADING_SIZES[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    for name in plain:
        set_font(document.styles[name].element)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.language = "en-GB"


# --- a report's document ------------------------------------------------------------------------

TEXT_WIDTH = 17.0  # cm: A4 less 2 cm margins
HEADER_SHADING = "D9D9D9"


class WordWriter:
    """A report being written in the house style. Styles are set by id, looked up once:
    python-docx finds a style by name (or checks it against the default) by scanning every
    style, for every paragraph, which makes a study with thousands of tables slow."""

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
        run = paragraph.add_run(clean(text))
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
        shape = self.document.add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH))
        properties = shape._inline.docPr
        properties.set("descr", clean(alt))
        properties.set("title", clean(alt.partition(":")[0]))
        self.document.paragraphs[-1].paragraph_format.keep_with_next = True

    def table(self, grid: Grid) -> Table:
        self.paragraph(grid.caption, style="Caption")
        table = self.document.add_table(rows=1, cols=len(grid.headers))
        table._tbl.tblStyle_val = self._style_id("Table Grid")
        header = zip(table.rows[0].cells, grid.headers, strict=True)
        for index, (cell, heading) in enumerate(header):
            text = "" if index == 0 and grid.first_header_hidden else heading
            write(cell, [clean(text)], bold=True)
            shade(cell, HEADER_SHADING)
            if index >= grid.text_columns:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        repeat_as_header(table)
        for row, bold in [(r, False) for r in grid.rows] + [(r, True) for r in grid.totals]:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                write(cell, [clean(text)], bold=bold)
                if index >= grid.text_columns:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fix_widths(table, _widths(len(grid.headers)))
        return table

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _widths(columns: int) -> tuple[Cm, ...]:
    """The first column takes what the number columns (at most 2.6 cm each) leave."""
    if columns == 1:
        return (Cm(TEXT_WIDTH),)
    number = min(2.6, (TEXT_WIDTH - 5.0) / (columns - 1))
    return (Cm(TEXT_WIDTH - number * (columns - 1)), *([Cm(number)] * (columns - 1)))


def report_document(*, title: str, subject: str, author: str) -> WordWriter:
    """A new A4 report in the house style, its captions (table titles) bold and kept with the
    table they name."""
    document = Document()
    set_up_a4(
        document,
        title=clean(title),
        subject=subject,
        author=clean(author),
        styles=("Title", "Heading 1", "Heading 2"),
        plain=("List Bullet", "Quote"),
    )
    caption = document.styles["Caption"]
    set_font(caption.element)
    caption.font.size = Pt(11)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.keep_with_next = True
    return WordWriter(document)
