"""The printed paper form (PDF), read back with pypdf, for every shipped definition.

Text is compared with whitespace collapsed (line wrapping breaks it anywhere); page furniture
("Serial ... · patient v1", "Page n of N") is taken off before a copy's pages are joined.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from functools import cache

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder

import questionnaires
from exports.paper.form import PrintedCopy, paper_forms_pdf
from questionnaires.model import GridAxis, Option, Question, Questionnaire, Section

ORGANISATION = "Healthwatch Bromley"
STUDY = "Social prescribing in Bromley"
RETURN_ADDRESS = "Healthwatch Bromley, Community House, South Street, Bromley BR1 1RH"
SERIALS = ("000012-4", "000013-2", "000014-0")
SERIAL = re.compile(r"Serial (\S+) · (\S+ v\d+)")
PAGE = re.compile(r"Page (\d+) of (\d+)")
PAINT_FILLED = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
PAINT_OTHER = {b"S", b"s", b"n"}

DEFINITIONS = {
    d.label: d
    for d in map(
        questionnaires.load_file,
        questionnaires.find_definition_files(questionnaires.DEFINITIONS_ROOT),
    )
    if d.kind != "shared"
}
CASES = [(label, large) for label in DEFINITIONS for large in (False, True)]
CASE_IDS = [f"{label.replace(' ', '-')}-{'large' if large else 'normal'}" for label, large in CASES]


def copies_of(definition: Questionnaire) -> list[PrintedCopy]:
    payload = f"|{definition.key}|{definition.version}"
    return [PrintedCopy(serial, f"SURVEYAPP|{serial}{payload}") for serial in SERIALS]


@cache
def pdf(label: str, large: bool) -> bytes:
    definition = DEFINITIONS[label]
    return paper_forms_pdf(
        definition,
        copies_of(definition),
        organisation=ORGANISATION,
        study_name=STUDY,
        large_print=large,
        return_address=RETURN_ADDRESS,
    )


@cache
def page_texts(label: str, large: bool) -> tuple[str, ...]:
    reader = PdfReader(io.BytesIO(pdf(label, large)))
    return tuple(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def pages_by_copy(texts: tuple[str, ...]) -> dict[str, list[str]]:
    """Each copy's pages, found by the serial printed on them; each page names exactly one."""
    copies: dict[str, list[str]] = {}
    for number, text in enumerate(texts, start=1):
        found = SERIAL.findall(text)
        assert len(found) == 1, f"page {number} shows serials {found}"
        serial = found[0][0]
        assert serial not in copies or list(copies)[-1] == serial, f"copy {serial} interleaved"
        copies.setdefault(serial, []).append(text)
    return copies


def copy_text(pages: list[str]) -> str:
    """A copy's pages joined, without the page furniture."""
    return squeeze(" ".join(PAGE.sub(" ", SERIAL.sub(" ", text)) for text in pages))


class Reading:
    """Finds expected pieces of text one after the other."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def expect(self, piece: str, what: str) -> None:
        piece = squeeze(piece)
        found = self.text.find(piece, self.at)
        assert found >= 0, (
            f"{what}: {piece!r} not found after {self.text[self.at : self.at + 80]!r}"
        )
        self.at = found + len(piece)


def expected_question(reading: Reading, question: Question) -> None:
    """Number and wording, then help, then each option with its keying number (or points, axes)."""
    what = f"question {question.id}"
    reading.expect(f"{question.printed_number} {question.text}".strip(), what)
    if question.help:
        reading.expect(question.help, what)
    for key, option in enumerate(question.options, start=1):
        reading.expect(f"{key} {option.label}", f"{what} option {option.code}")
    if question.type == "range":
        reading.expect(" ".join(str(p) for p in question.range_points()), what)
        reading.expect(question.min_label or "", what)
        reading.expect(question.max_label or "", what)
    for axis in (*question.columns, *question.rows):
        reading.expect(axis.label, f"{what} axis {axis.id}")


@pytest.mark.parametrize(("label", "large"), CASES, ids=CASE_IDS)
def test_every_page_names_its_copy_version_and_page(label: str, large: bool) -> None:
    texts = page_texts(label, large)
    copies = pages_by_copy(texts)
    assert list(copies) == list(SERIALS)
    counts = {len(pages) for pages in copies.values()}
    assert len(counts) == 1 and len(texts) == 3 * counts.pop()
    for pages in copies.values():
        for number, text in enumerate(pages, start=1):
            assert SERIAL.search(text).group(2) == label
            assert PAGE.findall(text) == [(str(number), str(len(pages)))]


@pytest.mark.parametrize(("label", "large"), CASES, ids=CASE_IDS)
def test_each_copy_prints_the_whole_questionnaire_in_order(label: str, large: bool) -> None:
    definition = DEFINITIONS[label]
    for serial, pages in pages_by_copy(page_texts(label, large)).items():
        reading = Reading(copy_text(pages))
        for piece in (ORGANISATION, STUDY, definition.title, definition.description or ""):
            reading.expect(piece, f"copy {serial} opening")
        if definition.participant_code:
            reading.expect("Your participant code", "participant code")
        if definition.timepoints:
            reading.expect("When are you answering? Tick one box", "timepoint")
            for key, option in enumerate(definition.timepoints, start=1):
                reading.expect(f"{key} {option.label}", "timepoint")
        for section in definition.sections:
            reading.expect(section.title, f"section {section.id}")
            reading.expect(section.intro or "", f"section {section.id} intro")
            for question in section.questions:
                expected_question(reading, question)
        reading.expect(f"Thank you. Please return this form to: {RETURN_ADDRESS}", "closing")


def font_sizes(data: bytes) -> Counter[float]:
    """Characters drawn at each font size (the size the text matrix and CTM really give)."""
    sizes: Counter[float] = Counter()

    def visit(text, cm, tm, font, size) -> None:
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        if text.strip():
            sizes[round(size * scale, 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def squares(data: bytes) -> Counter[float]:
    """Stroked square outlines (tick boxes) by side."""
    found: Counter[float] = Counter()
    pending: list[tuple[float, float]] = []

    def visit(op: bytes, args, cm, tm) -> None:
        if op == b"re":
            pending.append((abs(float(args[2]) * cm[0]), abs(float(args[3]) * cm[3])))
        elif op in PAINT_FILLED | PAINT_OTHER:
            if op in (b"S", b"s"):
                found.update(round(w, 1) for w, h in pending if abs(w - h) < 0.01)
            pending.clear()

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_operand_before=visit)
    return found


@pytest.mark.parametrize("label", list(DEFINITIONS))
def test_large_print_has_no_text_under_16_pt_and_bigger_boxes(label: str) -> None:
    normal, large = font_sizes(pdf(label, False)), font_sizes(pdf(label, True))
    assert min(large) >= 16
    assert max(large) > 16  # headings are larger still
    assert 11 <= normal.most_common(1)[0][0] <= 12  # the body of normal print
    assert max(normal) < max(large) and min(normal) < 16
    assert max(squares(pdf(label, True))) > max(squares(pdf(label, False))) >= 10


def qr_modules(page) -> set[tuple[int, int]]:
    """The dark modules of the QR code on a page: its filled rectangles, back on their grid."""
    rects: list[tuple[float, float, float, float]] = []
    pending: list[tuple[float, float, float, float]] = []

    def visit(op: bytes, args, cm, tm) -> None:
        if op == b"re":
            x, y, w, h = map(float, args)
            pending.append((cm[0] * x + cm[4], cm[3] * y + cm[5], cm[0] * w, cm[3] * h))
        elif op in PAINT_FILLED | PAINT_OTHER:
            if op in PAINT_FILLED:
                rects.extend(pending)
            pending.clear()

    page.extract_text(visitor_operand_before=visit)
    if not rects:
        return set()
    size = min(h for _, _, _, h in rects)
    left, top = min(x for x, _, _, _ in rects), max(y + h for _, y, _, h in rects)
    modules = set()
    for x, y, w, h in rects:
        row, column = round((top - y - h) / size), round((x - left) / size)
        modules.update((row, column + i) for i in range(round(w / size)))
    return modules


def encoded(payload: str, level: str) -> set[tuple[int, int]]:
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(payload)
    code.make()
    return {(r, c) for r, row in enumerate(code.modules) for c, dark in enumerate(row) if dark}


@pytest.mark.parametrize(("label", "large"), CASES, ids=CASE_IDS)
def test_first_page_of_each_copy_carries_the_qr_code_of_its_payload(
    label: str, large: bool
) -> None:
    definition = DEFINITIONS[label]
    reader = PdfReader(io.BytesIO(pdf(label, large)))
    pages_per_copy = len(reader.pages) // len(SERIALS)
    for index, copy in enumerate(copies_of(definition)):
        first, *later = reader.pages[index * pages_per_copy : (index + 1) * pages_per_copy]
        assert copy.serial in first.extract_text()
        drawn = qr_modules(first)
        assert len(drawn) > 200
        assert any(drawn == encoded(copy.payload, level) for level in "LMQH")
        assert all(qr_modules(page) == set() for page in later)


def test_odd_text_is_escaped_or_replaced_and_every_answer_type_prints() -> None:
    odd = Questionnaire(
        key="odd",
        version=3,
        title="Fish & chips <daily>\x07 → ok",
        description="Says 中文 and 😀, and café",
        participant_code=True,
        content_sha256="0" * 64,
        sections=(
            Section(
                id="s",
                title="A & B",
                questions=(
                    Question(id="note", type="info", text="Read <this> first"),
                    Question(
                        id="meals",
                        type="multiple",
                        number="Q1",
                        text="Which meals?",
                        help="As many as you like",
                        layout="inline",
                        options=(
                            Option("b", "Breakfast"),
                            Option("l", "Lunch"),
                            Option("o", "Something else", other=True),
                        ),
                    ),
                    Question(id="when", type="date", number="2", text="When did it start?"),
                    Question(id="weight", type="number", number="3", text="Weight", unit="kg"),
                    Question(
                        id="grid",
                        type="grid",
                        number="4",
                        text="Visits",
                        rows=(GridAxis("mon", "Monday"),),
                        columns=(GridAxis("gp", "GP & nurse"),),
                    ),
                ),
            ),
        ),
    )
    copy = PrintedCopy("A<1>", "odd|A<1>")
    data = paper_forms_pdf(odd, [copy], organisation="O & P", study_name="S")
    text = squeeze(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    reading = Reading(text)
    for piece in (
        "O & P",
        "Fish & chips <daily> ? ok",
        "Says ?? and ?, and café",
        "Your participant code",
        "A & B",
        "Read <this> first",
        "Q1. Which meals? As many as you like Tick all that apply",
        "1 Breakfast",
        "2 Lunch",
        "3 Something else Please specify:",
        "2. When did it start? DD",
        "MM",
        "YYYY",
        "3. Weight kg",
        "4. Visits Write a number in each box GP & nurse Monday",
        "Thank you.",
        "Serial A<1> · odd v3",
    ):
        reading.expect(piece, "odd form")
    assert "Please return this form to" not in text


def test_same_input_gives_the_same_bytes_and_copies_are_needed() -> None:
    definition = DEFINITIONS["ons4 v1"]
    again = paper_forms_pdf(
        definition,
        copies_of(definition),
        organisation=ORGANISATION,
        study_name=STUDY,
        return_address=RETURN_ADDRESS,
    )
    assert again == pdf("ons4 v1", False)
    with pytest.raises(ValueError):
        paper_forms_pdf(definition, [], organisation=ORGANISATION, study_name=STUDY)
