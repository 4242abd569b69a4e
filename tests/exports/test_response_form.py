"""The Report & Recommendation Response Form (.docx), read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date

from docx import Document
from docx.oxml.ns import qn

from exports.tracker.data import AnsweredRecommendation, ResponseFormData
from exports.tracker.response_form import long_day, response_form_docx

ROWS = (
    AnsweredRecommendation(
        number=1,
        recommendation="PCNs develop a clear communication strategy about the SPLW role.",
        answer="Many PCNs have now established protected learning time.\n\n"
        "SPLWs are now part of the induction process.",
        stance="Accepted",
    ),
    AnsweredRecommendation(
        number=2,
        recommendation="SEL ICB continues to publicise the social prescribing service.",
        answer="The service was promoted in a 2022 campaign.",
        stance="Partly accepted",
        actions=(
            "Revised leaflet (SEL ICB), due 1 Sep 2023",
            "Awareness day stalls (PCNs), due 30 Nov 2023",
        ),
    ),
    AnsweredRecommendation(
        number=6,
        recommendation="Designated bases be identified in each GP practice for SPLWs.",
        answer=None,
        stance=None,
    ),
)

FORM = ResponseFormData(
    issuer="Healthwatch Bromley",
    report_title="Social Prescribing",
    sent_to="South East London Integrated Care Board",
    sent_on=date(2023, 7, 4),
    deadline=date(2023, 8, 1),
    extended_to=date(2023, 8, 14),
    extension_reason="holiday period",
    received_on=date(2023, 8, 14),
    general_response="On behalf of the ICB, we welcome the report.\n\n"
    "The research was undertaken in February 2023.\r\n  \r\n"
    "We note some recommendations rest on a small sample.",
    rows=ROWS,
)


def _document(form: ResponseFormData = FORM):
    return Document(io.BytesIO(response_form_docx(form)))


def _details(document) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}


def _body_texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_long_day_has_no_leading_zero_and_a_full_english_month():
    assert long_day(date(2023, 7, 4)) == "4 July 2023"
    assert long_day(date(2024, 12, 25)) == "25 December 2024"


def test_byline_heading_and_details_table():
    document = _document()
    texts = _body_texts(document)
    assert texts[0] == "Healthwatch Bromley · Social Prescribing"
    assert document.paragraphs[1].style.name == "Heading 1"
    assert texts[1] == "Report & Recommendation Response Form"
    assert _details(document) == {
        "Report sent to": "South East London Integrated Care Board",
        "Date sent": "4 July 2023",
        "Report title": "Social Prescribing",
        "Response deadline (20 working days)": "1 August 2023",
        "Extension agreed": "14 August 2023 (holiday period)",
        "Date of response provided": "14 August 2023",
    }
    assert all(row.cells[0].paragraphs[0].runs[0].bold for row in document.tables[0].rows)


def test_no_extension_and_no_response_yet():
    form = replace(
        FORM, extended_to=None, extension_reason=None, received_on=None, general_response=None
    )
    document = _document(form)
    details = _details(document)
    assert details["Extension agreed"] == "None"
    assert details["Date of response provided"] == "Not yet received"
    texts = _body_texts(document)
    start = texts.index("Response")
    assert texts[start + 1] == "No response recorded yet."


def test_general_response_paragraphs_split_at_blank_lines():
    texts = _body_texts(_document())
    start = texts.index("Response")
    assert texts[start + 1 : start + 4] == [
        "On behalf of the ICB, we welcome the report.",
        "The research was undertaken in February 2023.",
        "We note some recommendations rest on a small sample.",
    ]


def test_every_recommendation_and_answer_in_order():
    table = _document().tables[1]
    header, *rows = table.rows
    assert [cell.text for cell in header.cells] == ["Recommendation", "Response", "Stance"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert len(rows) == len(ROWS)
    for row, expected in zip(rows, ROWS, strict=True):
        first = row.cells[0].paragraphs
        assert first[0].text == f"Recommendation {expected.number}"
        assert all(run.bold for run in first[0].runs)
        assert [p.text for p in first[1:]] == [expected.recommendation]
        answer = [p.text for p in row.cells[1].paragraphs if p.text]
        assert answer == ([] if expected.answer is None else expected.answer.split("\n\n"))


def test_stances_actions_and_not_yet_answered():
    _, accepted, partly, unanswered = _document().tables[1].rows
    assert accepted.cells[2].text == "Accepted"
    stance = partly.cells[2].paragraphs
    assert [p.text for p in stance] == [
        "Partly accepted",
        "Actions:",
        "Revised leaflet (SEL ICB), due 1 Sep 2023",
        "Awareness day stalls (PCNs), due 30 Nov 2023",
    ]
    assert stance[1].runs[0].bold
    assert [p.style.name for p in stance[2:]] == ["List Bullet", "List Bullet"]
    assert unanswered.cells[2].text == "Not yet answered"
    assert unanswered.cells[1].text == ""


def test_header_row_repeats_on_every_page_and_only_the_header():
    header, *rows = _document().tables[1].rows
    marker = header._tr.trPr.find(qn("w:tblHeader"))
    assert marker is not None and marker.get(qn("w:val")) == "true"
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows)


def test_a4_margins_and_arial():
    document = _document()
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0
    for name in ("Normal", "Heading 1", "Heading 2"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial"
        assert fonts.get(qn("w:asciiTheme")) is None
    assert document.core_properties.author == "Healthwatch Bromley"


def test_text_that_xml_cannot_hold_is_dropped_not_fatal():
    row = AnsweredRecommendation(1, "Bad\x00 text\x0b here", "=cmd|' /C calc'!A0", "Accepted")
    data = response_form_docx(replace(FORM, rows=(row,)))
    table = Document(io.BytesIO(data)).tables[1]
    assert table.rows[1].cells[0].paragraphs[1].text == "Bad text here"
    assert table.rows[1].cells[1].text == "=cmd|' /C calc'!A0"  # Word shows text; no field
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "<w:fldSimple" not in body and "<w:instrText" not in body
