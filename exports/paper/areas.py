"""The answer areas of the printed paper form, drawn on the canvas: tick boxes with the number
keyed for each, write-on lines, write-in boxes, date boxes and 0-10 scales, in two print sizes.

ReportLab's built-in Helvetica has no box glyphs, so boxes and lines are drawn; text the base
fonts cannot show (outside cp1252) is replaced rather than printed as a black box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from questionnaires.model import Option, Question

FONT, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
GREY = 0.35

Painter = Callable[[Canvas, float], None]


@dataclass(frozen=True)
class Look:
    """Sizes in points of one print size; large print has no text under 16 pt."""

    body: float
    small: float  # keying numbers, footer
    hint: float  # "Tick one box", the anchors of a range
    heading: float
    title: float
    box: float  # side of a tick box
    rule_gap: float  # distance between write-on lines, height of a write-in box
    textarea_lines: int
    indent: float  # the hanging column that holds the question numbers
    line_width: float

    @property
    def leading(self) -> float:
        return self.body * 1.25


NORMAL = Look(11, 8, 10, 14, 17, 11, 22, 5, 26, 0.8)
LARGE = Look(16, 16, 16, 20, 24, 17, 32, 4, 40, 1.2)


def printable(text: str) -> str:
    """``text`` on one line, without control characters; what cp1252 (the base fonts' encoding)
    lacks becomes its unaccented form (NFKD) or ``?``."""
    text = " ".join(str(text).split())
    return text if text.isascii() and text.isprintable() else "".join(map(_printable_char, text))


def _printable_char(ch: str) -> str:
    try:
        ch.encode("cp1252")
        return "" if unicodedata.category(ch) == "Cc" else ch
    except UnicodeEncodeError:
        return unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode("cp1252") or "?"


def markup(text: str) -> str:
    """Definition text made safe for a Paragraph."""
    return escape(printable(text))


def write(canv: Canvas, x: float, y: float, text: str, size: float, grey=False, how="") -> None:
    """One line of text; ``how`` is ``""``, ``"Right"`` or ``"Centred"`` (ReportLab's names)."""
    canv.setFillGray(GREY if grey else 0)
    canv.setFont(FONT, size)
    getattr(canv, f"draw{how}String")(x, y, text)


class Area(Flowable):
    """An answer area drawn on the canvas under the wording, ``height`` high (plus a gap).

    ``paint(canv, width)`` draws it with (0, 0) at its top left, y going down (negative);
    subclasses that lay out for the width override ``measure`` and ``paint_area`` instead.
    """

    def __init__(self, look: Look, height: float = 0, paint: Painter | None = None) -> None:
        super().__init__()
        self.look, self.fixed_height, self.painter = look, height, paint

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width - self.look.indent
        self.height = self.measure(self.width) + self.look.body * 0.5
        return avail_width, self.height

    def measure(self, width: float) -> float:
        """Lay out for ``width``; the height needed."""
        return self.fixed_height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.look.indent, self.height)
        self.canv.setLineWidth(self.look.line_width)
        self.paint_area(self.canv)
        self.canv.restoreState()

    def paint_area(self, canv: Canvas) -> None:
        if self.painter is not None:  # areas drawn by a subclass bring no painter
            self.painter(canv, self.width)


class Ticks(Area):
    """Tick boxes, each with its keying number and label: one a row, or ``inline`` in rows."""

    def __init__(self, look: Look, options: Sequence[tuple[int, Option]], inline: bool) -> None:
        super().__init__(look)
        self.options, self.inline = options, inline
        self.row = max(look.leading, look.box + 4)  # height of a label's first line
        self.lead = look.box + 3 + stringWidth("00", FONT, look.small) + look.body * 0.4

    def measure(self, width: float) -> float:
        look, x, y, row_height = self.look, 0.0, 0.0, 0.0
        self.placed: list[tuple[float, float, int, list[str], bool]] = []
        for key, option in self.options:
            lines = simpleSplit(printable(option.label), FONT, look.body, width - self.lead)
            lines = lines or [""]
            item_width = self.lead + max(stringWidth(line, FONT, look.body) for line in lines)
            if x and (option.other or x + item_width > width):
                x, y, row_height = 0.0, y + row_height, 0.0
            self.placed.append((x, y, key, lines, option.other))
            height = self.row + (len(lines) - 1) * look.leading + option.other * look.rule_gap
            row_height = max(row_height, height + look.body * 0.4)
            x = x + item_width + 2 * look.body if self.inline and not option.other else width
        return y + row_height

    def paint_area(self, canv: Canvas) -> None:
        look = self.look
        for x, y, key, lines, other in self.placed:
            box_y = -y - self.row / 2 - look.box / 2
            canv.rect(x, box_y, look.box, look.box)
            write(canv, x + look.box + 2, box_y, str(key), look.small, grey=True)
            baseline = -y - self.row / 2 - look.body * 0.35
            for i, line in enumerate(lines):
                write(canv, x + self.lead, baseline - i * look.leading, line, look.body)
            if other:
                rule_y = baseline - (len(lines) - 1) * look.leading - look.rule_gap
                write(canv, x + self.lead, rule_y, "Please specify:", look.body)
                start = x + self.lead + stringWidth("Please specify: ", FONT, look.body)
                canv.line(start, rule_y - 2, self.width, rule_y - 2)


def rules(look: Look, count: int) -> Area:
    """``count`` ruled write-on lines across the width."""

    def paint(canv: Canvas, width: float) -> None:
        canv.setStrokeGray(GREY)
        for i in range(1, count + 1):
            canv.line(0, -i * look.rule_gap, width, -i * look.rule_gap)

    return Area(look, count * look.rule_gap, paint)


def write_in(look: Look, box_width: float, unit: str | None = None) -> Area:
    """A box to write a number or a code in, followed by its unit if any."""

    def paint(canv: Canvas, width: float) -> None:
        canv.rect(0, -look.rule_gap - 2, box_width, look.rule_gap)
        if unit:
            y = -look.rule_gap / 2 - 2 - look.body * 0.35
            write(canv, box_width + 6, y, printable(unit), look.body)

    return Area(look, look.rule_gap + 4, paint)


def date_boxes(look: Look) -> Area:
    """``DD / MM / YYYY``: a box per digit, each group labelled above."""
    cell, top = look.rule_gap * 0.8, -look.small * 1.3

    def paint(canv: Canvas, width: float) -> None:
        x = 0.0
        for i, (label, count) in enumerate((("DD", 2), ("MM", 2), ("YYYY", 4))):
            if i:
                write(canv, x + look.body * 0.4, top - look.rule_gap * 0.7, "/", look.body)
                x += look.body * 0.8 + stringWidth("/", FONT, look.body)
            write(canv, x, top + 3, label, look.small, grey=True)
            for _ in range(count):
                canv.rect(x, top - look.rule_gap, cell, look.rule_gap)
                x += cell

    return Area(look, -top + look.rule_gap + 2, paint)


class RangeBoxes(Area):
    """A 0-10 style scale: a box per point, numbered above, the anchors under the ends."""

    def __init__(self, look: Look, question: Question) -> None:
        super().__init__(look)
        self.points = question.range_points()
        self.anchors = (printable(question.min_label or ""), printable(question.max_label or ""))

    def measure(self, width: float) -> float:
        look = self.look
        self.cell = min(width / max(len(self.points), 1), look.box * 2.6)
        half = max(self.cell * len(self.points) / 2 - 4, self.cell)
        self.lines = [simpleSplit(anchor, FONT, look.hint, half) for anchor in self.anchors]
        anchor_height = max(map(len, self.lines)) * look.hint * 1.2
        return look.body * 1.3 + look.box + 6 + anchor_height

    def paint_area(self, canv: Canvas) -> None:
        look, cell = self.look, self.cell
        box_top = -look.body * 1.3
        for i, point in enumerate(self.points):
            middle = i * cell + cell / 2
            write(canv, middle, box_top + 3, str(point), look.body, how="Centred")
            canv.rect(middle - look.box / 2, box_top - look.box, look.box, look.box)
        for side, lines in enumerate(self.lines):
            x, how = (cell * len(self.points), "Right") if side else (0, "")
            for i, line in enumerate(lines):
                y = box_top - look.box - 4 - (i + 1) * look.hint * 1.1
                write(canv, x, y, line, look.hint, how=how)
