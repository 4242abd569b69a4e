"""The printed paper form: one PDF holding many serial-numbered copies of a questionnaire.

The paper form is laid out from the same :class:`~questionnaires.model.Questionnaire` definition
that the online form is built from, so numbers, wording, options and their order on paper and
online cannot drift apart, and a volunteer keying a returned form sees what the respondent saw.
Beside each tick box is the small number that is keyed. Every page carries its copy's serial and
page number, and a copy's first page a QR code, so that a returned page finds its copy.

The form is laid out once (Platypus), each page captured as a PDF form XObject; every copy then
prints those same pages with its own footer and QR code. So all copies are alike by construction,
and 200 copies cost little more than one. A4, ReportLab's built-in Helvetica (no font files), answer
areas drawn on the canvas; text the base fonts cannot show (outside cp1252) is replaced.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableStyle

from exports.paper.areas import (
    BOLD,
    FONT,
    ITALIC,
    LARGE,
    NORMAL,
    Look,
    RangeBoxes,
    Ticks,
    date_boxes,
    markup,
    printable,
    rules,
    write,
    write_in,
)
from questionnaires.model import Option, Question, Questionnaire, Section

__all__ = ["PrintedCopy", "paper_forms_pdf"]

PAGE_W, PAGE_H = A4
MARGIN, TOP, FOOTER_Y = 18 * mm, 14 * mm, 10 * mm
QR_SIZE = 26 * mm


@dataclass(frozen=True)
class PrintedCopy:
    """One printed copy: ``serial`` is printed as is, ``payload`` is what its QR code encodes."""

    serial: str
    payload: str


_PLAIN = {"fontName": FONT, "hyphenationLang": "", "embeddedHyphenation": 0, "splitLongWords": 0}


class _Styles:
    """The paragraph styles of one print size; hyphenation and splitting of words are off."""

    def __init__(self, look: Look) -> None:
        def style(name: str, size: float, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, fontSize=size, leading=size * 1.25, **(_PLAIN | kw))

        gap, indent = look.body * 0.9, look.indent
        self.look = look
        self.title = style("title", look.title, fontName=BOLD, spaceAfter=gap)
        self.org = style("org", look.body, fontName=BOLD)
        self.body = style("body", look.body, spaceAfter=gap / 2)
        self.heading = style(
            "heading", look.heading, fontName=BOLD, spaceBefore=gap * 1.5, keepWithNext=1
        )
        self.intro = style("intro", look.body, spaceBefore=gap / 2, keepWithNext=1)
        self.wording = style(
            "wording", look.body, fontName=BOLD, leftIndent=indent, spaceBefore=gap
        )
        self.wording.bulletFontName, self.wording.bulletFontSize = BOLD, look.body
        self.help = style("help", look.body, leftIndent=indent, spaceBefore=2)
        self.hint = style("hint", look.hint, fontName=ITALIC, leftIndent=indent, spaceBefore=2)
        self.cell = style("cell", look.body)
        self.column = style("column", look.body, fontName=BOLD)


def _bottom(look: Look) -> float:
    """Where the text ends above the footer."""
    return FOOTER_Y + look.small + 4 * mm


class _Together(KeepTogether):
    """Kept together on one page; a block taller than a whole page starts where it is instead
    (on a new page it would not fit either, and would leave a page nearly empty)."""

    def __init__(self, flowables: list[Flowable], look: Look) -> None:
        super().__init__(flowables)
        self.page_room = PAGE_H - TOP - _bottom(look)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        height = self._H  # KeepTogether's: the height of it all, set by wrap
        if height > self.page_room:
            return list(self._content)
        return super().split(avail_width, avail_height)


def _question(question: Question, st: _Styles) -> Flowable:
    """A question's number and wording, help, hint and answer area, kept together if they fit."""
    if not question.takes_answer:
        return Paragraph(markup(question.text), st.help)
    number = printable(question.printed_number) or None
    parts = [Paragraph(markup(question.text), st.wording, bulletText=number)]
    if question.help:
        parts.append(Paragraph(markup(question.help), st.help))
    if hint := _hint(question):
        parts.append(Paragraph(escape(hint), st.hint))
    return _Together(parts + _answer_area(question, st), st.look)


def _hint(question: Question | None = None) -> str | None:
    """How to answer, said under the wording (no question: a timepoint)."""
    if question is None or question.type in ("single", "scale", "range"):
        return "Tick one box"
    if question.type == "multiple":
        return "Tick all that apply"
    if question.type == "grid":
        unit = f" ({printable(question.unit)})" if question.unit else ""
        return f"Write a number in each box{unit}"
    return None


def _answer_area(question: Question, st: _Styles) -> list[Flowable]:
    """The flowables a respondent ticks or writes on."""
    look, kind = st.look, question.type
    if question.is_choice:
        return _choices(question.options, look, inline=question.layout == "inline")
    if kind == "range":
        return [RangeBoxes(look, question)]
    if kind in ("text", "textarea"):
        return [rules(look, look.textarea_lines if kind == "textarea" else 1)]
    if kind == "number":
        return [write_in(look, 35 * mm, question.unit)]
    if kind == "date":
        return [date_boxes(look)]
    if kind == "grid":
        return [_grid(question, st)]
    raise ValueError(f"question {question.id!r}: no paper layout for type {kind!r}")


def _choices(options: Sequence[Option], look: Look, inline: bool) -> list[Flowable]:
    """One flowable for inline options, else one per option (a long list may turn the page)."""
    keyed = list(enumerate(options, start=1))
    if inline:
        return [Ticks(look, keyed, inline=True)]
    return [Ticks(look, [item], inline=False) for item in keyed]


def _grid(question: Question, st: _Styles) -> Table:
    """Row labels down the side, column headings across, empty cells to write in; an empty
    first column, without rules, keeps the table under the wording."""
    head = ["", ""] + [Paragraph(markup(c.label), st.column) for c in question.columns]
    blank = [""] * len(question.columns)
    rows = [["", Paragraph(markup(r.label), st.cell), *blank] for r in question.rows]
    room = PAGE_W - 2 * MARGIN - st.look.indent
    cell = min(st.look.body * 7, room / (len(question.columns) + 1.3))
    widths = [st.look.indent, cell * 1.3] + [cell] * len(question.columns)
    heights = [None] + [st.look.rule_gap] * len(rows)
    table = Table([head, *rows], widths, heights, repeatRows=1, hAlign="LEFT")
    grid = ("GRID", (1, 0), (-1, -1), st.look.line_width, "black")
    table.setStyle(TableStyle([grid, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _section(section: Section, st: _Styles) -> list[Flowable]:
    """The section's title and intro, then its questions (contact sections too)."""
    parts: list[Flowable] = [Paragraph(markup(section.title), st.heading)]
    if section.intro:
        parts.append(Paragraph(markup(section.intro), st.intro))
    return parts + [_question(q, st) for q in section.questions]


def _opening(definition: Questionnaire, st: _Styles, organisation: str, study: str) -> list:
    """Who asks, the title and description, then the participant code and timepoint if any."""
    parts: list[Flowable] = [
        Paragraph(markup(organisation), st.org),
        Paragraph(markup(study), st.body),
        Paragraph(markup(definition.title), st.title),
    ]
    if definition.description:
        parts.append(Paragraph(markup(definition.description), st.body))
    if definition.participant_code:
        code = Paragraph("Your participant code", st.wording)
        parts.append(_Together([code, write_in(st.look, 60 * mm)], st.look))
    if definition.timepoints:
        when = [Paragraph("When are you answering?", st.wording), Paragraph(_hint(), st.hint)]
        choices = _choices(definition.timepoints, st.look, inline=False)
        parts.append(_Together(when + choices, st.look))
    return parts


def _closing(st: _Styles, return_address: str | None) -> list[Flowable]:
    parts = [Paragraph("Thank you.", st.heading)]
    if return_address:
        parts.append(Paragraph(f"Please return this form to: {markup(return_address)}", st.body))
    return parts


def _page_templates(look: Look) -> list[PageTemplate]:
    """The first page leaves its top right corner to the QR code; each page becomes a form."""
    bottom = _bottom(look)
    width, top = PAGE_W - 2 * MARGIN, PAGE_H - TOP
    below_qr = top - QR_SIZE - 3 * mm
    frame = partial(Frame, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    beside_qr = frame(MARGIN, below_qr, width - QR_SIZE - 6 * mm, QR_SIZE + 3 * mm)
    below = frame(MARGIN, bottom, width, below_qr - bottom)
    hooks = {
        "onPage": lambda canv, doc: canv.beginForm(f"page{doc.page}"),
        "onPageEnd": lambda canv, doc: canv.endForm(),
    }
    return [
        PageTemplate("first", [beside_qr, below], autoNextPageTemplate="later", **hooks),
        PageTemplate("later", [frame(MARGIN, bottom, width, top - bottom)], **hooks),
    ]


class _CopiesCanvas(Canvas):
    """Takes the laid-out pages as forms, then prints them once for each copy when saved."""

    def __init__(self, *args, copies: Sequence[PrintedCopy], label: str, look: Look, **kw):
        super().__init__(*args, **kw)
        self.copies, self.label, self.look, self.form_pages = copies, label, look, 0

    def showPage(self) -> None:  # noqa: N802 - Platypus ends a page: it is a form already
        self.form_pages += 1

    def save(self) -> None:
        for copy in self.copies:
            for page in range(1, self.form_pages + 1):
                self.doForm(f"page{page}")
                self._stamp(copy, page)
                super().showPage()
        super().save()

    def _stamp(self, copy: PrintedCopy, page: int) -> None:
        """Serial, version and page number at the foot; the QR code on the first page."""
        serial, pages = printable(copy.serial), self.form_pages
        foot = f"Serial {serial} · {self.label} · Page {page} of {pages}"
        write(self, MARGIN, FOOTER_Y, foot, self.look.small)
        if page == 1:
            _draw_qr(self, copy.payload, PAGE_W - MARGIN - QR_SIZE, PAGE_H - TOP - QR_SIZE)


def _draw_qr(canv: Canvas, payload: str, x: float, y: float) -> None:
    """QrCodeWidget's code for ``payload``, its dark runs filled as one path.

    Drawn as the widget draws itself (runs of modules, a quiet zone of ``barBorder`` modules),
    but without a shape per run through renderPDF, which took most of the time of a copy.
    """
    widget = QrCodeWidget(payload, barLevel="M")
    widget.qr.make()
    modules, border = widget.qr.modules, widget.barBorder
    module = QR_SIZE / (len(modules) + 2 * border)
    canv.saveState()
    canv.translate(x + border * module, y + QR_SIZE - border * module)
    canv.scale(module, module)
    path = canv.beginPath()
    for row, cells in enumerate(modules):
        column = 0
        for dark, run in itertools.groupby(map(bool, cells)):
            length = len(list(run))
            if dark:
                path.rect(column, -row - 1, length, 1)
            column += length
    canv.setFillGray(0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def paper_forms_pdf(
    definition: Questionnaire,
    copies: Sequence[PrintedCopy],
    *,
    organisation: str,
    study_name: str,
    large_print: bool = False,
    return_address: str | None = None,
) -> bytes:
    """The paper form of ``definition`` as one A4 PDF of ``copies``, each from a new page.

    Every page carries ``Serial <serial> · <key> v<version>`` and ``Page n of N`` (within its
    copy); each copy's first page a QR code of its ``payload``. ``large_print``: no text under
    16 pt, bigger boxes and lines. Returns the PDF bytes (the same bytes for the same input).
    """
    if not copies:
        raise ValueError("paper_forms_pdf needs at least one copy")
    look = LARGE if large_print else NORMAL
    st = _Styles(look)
    story = _opening(definition, st, organisation, study_name)
    for section in definition.sections:
        story += _section(section, st)
    story += _closing(st, return_address)
    buffer = io.BytesIO()
    info = {"title": definition.title, "author": organisation, "subject": study_name}
    doc = BaseDocTemplate(buffer, pagesize=A4, invariant=1, creator="surveyapp", **info)
    doc.addPageTemplates(_page_templates(look))
    label = printable(definition.label)
    doc.build(story, canvasmaker=partial(_CopiesCanvas, copies=copies, label=label, look=look))
    return buffer.getvalue()
