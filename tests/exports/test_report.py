"""The findings report: HTML (parsed with the standard library) and Word (read with python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from docx import Document
from docx.oxml.ns import qn

from analysis.results import (
    AgreementShift,
    AppendixTable,
    Crosstab,
    Finding,
    FindingsContent,
    MeasureChange,
    Ons4Outcomes,
    QuoteItem,
    TableRow,
)
from exports.publication import Publication, PublishedRecommendation, WrittenSection
from exports.report import NO_QUOTES, findings_docx, findings_html
from exports.tracker.data import AnsweredRecommendation, ResponseFormData
from tests.exports.samples import CARER, OVERALL, proportion
from tests.exports.samples import FILLING_IN_AS as SAMPLE_FILLING_IN_AS

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


FILLING_IN_AS = replace(SAMPLE_FILLING_IN_AS, notes=("Single answer.",))

SERVICES = AppendixTable(
    questionnaire="patient",
    question_id="services",
    number="5",
    title="Did you use the service(s)…",
    rows=(
        TableRow("GP", 70, 81, "70"),
        TableRow(SCRIPT, None, None, "<5", "other_text"),
        TableRow('=HYPERLINK("http://x")', 12, 14, "12", "other_text"),
    ),
    base=86,
    multiple=True,
    notes=("More than one answer could be given.",),
)


BY_AGE = Crosstab(
    row_question="age_group",
    column_question="overall_rating",
    row_labels=("Under 65", "65 or over"),
    column_labels=("Good", "Not good"),
    counts=((20, 5), (10, 5)),
    row_percents=(
        (proportion(20, 25), proportion(5, 25)),
        (proportion(10, 15), proportion(5, 15)),
    ),
    column_percents=(
        (proportion(20, 30), proportion(5, 10)),
        (proportion(10, 30), proportion(5, 10)),
    ),
    test="Fisher exact",
    statistic=None,
    p_value=0.45,
    sentence="At this sample size, the difference between age groups could be chance.",
    n=40,
    small_base=False,
    row_title="Age group",
    column_title="Overall rating",
)

LIFE = MeasureChange(
    measure="life_satisfaction",
    label="Life satisfaction",
    pairs=20,
    mean_before=5.0,
    mean_after=6.2,
    mean_change=1.2,
    change_low=0.5,
    change_high=1.9,
    improved=proportion(12, 20),
    unchanged=proportion(5, 20),
    worse=proportion(3, 20),
    wilcoxon_statistic=30.0,
    p_value=0.0004,
)
ANXIETY = replace(
    LIFE,
    measure="anxiety",
    label="Anxiety",
    mean_before=5.5,
    mean_after=4.1,
    mean_change=-1.4,
    change_low=-2.0,
    change_high=-0.8,
    p_value=0.0123,
    small_base=True,
)
ONS4 = Ons4Outcomes(
    measures=(LIFE, ANXIETY),
    paired_participants=20,
    unpaired_before=("P01", "P02"),
    unpaired_after=("P09",),
    without_code=3,
)

CONFIDENT = AgreementShift(
    question_id="confident",
    title="I feel confident managing my health",
    before=(("Agree", 5, 50), ("Disagree", 5, 50)),
    after=(("Agree", 8, 80), ("Disagree", 2, 20)),
    n_before=10,
    n_after=10,
    agree_before=proportion(5, 10),
    agree_after=proportion(8, 10),
)

FINDINGS = (
    Finding(
        key="patient.filling_in_as.patient",
        text="44% of those who answered were patients.",
        base=86,
        questionnaire="patient",
        question_id="filling_in_as",
    ),
    Finding(
        key="patient.overall_rating.top_two",
        text="70% rated the service good or very good.",
        base=40,
        questionnaire="patient",
        question_id="overall",
        small_base=True,
    ),
    Finding(
        key="carer.hours",
        text="Most carers <b>care</b> under 20 hours a week.",
        base=20,
        questionnaire="carer",
        question_id="caring_hours",
    ),
)

CONTENT = FindingsContent(
    study="Social Prescribing",
    organisation="Healthwatch Bromley",
    findings=FINDINGS,
    tables=(FILLING_IN_AS, SERVICES, CARER),
    ratings=(OVERALL,),
    crosstabs=(BY_AGE,),
    ons4=ONS4,
    shifts=(CONFIDENT,),
    responses_by_channel=(
        ("patient", "online", 50),
        ("patient", "paper", 36),
        ("carer", "paper", 20),
    ),
    quotes=(QuoteItem("The link worker <i>listened</i> to me.", "positive", "Time and listening"),),
)

PLAIN_CONTENT = FindingsContent(
    study="Small study",
    organisation="Healthwatch Bromley",
    findings=(),
    tables=(CARER,),
)
PLAIN = Publication(PLAIN_CONTENT)

PUBLICATION = Publication(
    content=CONTENT,
    sections=(
        WrittenSection("about", "About us", "We are the independent champion.\n\nSecond."),
        WrittenSection("acknowledgements", "Acknowledgements", ""),
        WrittenSection("summary", "Executive summary", "People valued the link workers."),
        WrittenSection("background", "Background", ""),
        WrittenSection("method", "What we did", "We asked patients <b>online</b> and on paper."),
    ),
    recommendations=(
        PublishedRecommendation(1, "Publish the referral pathway.", ("SEL ICB",)),
        PublishedRecommendation(2, "Fund more link workers."),
    ),
    responses=(
        ResponseFormData(
            issuer="Healthwatch Bromley",
            report_title="Social Prescribing",
            sent_to="SEL ICB",
            sent_on=dt.date(2023, 7, 4),
            deadline=dt.date(2023, 8, 1),
            extended_to=None,
            extension_reason=None,
            received_on=dt.date(2023, 7, 28),
            general_response="We welcome the report.",
            rows=(
                AnsweredRecommendation(
                    1, "Publish the referral pathway.", "It is online now.", "Accepted"
                ),
                AnsweredRecommendation(2, "Fund more link workers.", None, None),
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def page() -> str:
    return findings_html(PUBLICATION)


class _Outline(HTMLParser):
    """Tags as they open and close, with their attributes; text outside scripts."""

    VOID: ClassVar = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.problems: list[str] = []
        self.in_table: list[dict[str, int]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.in_table.append({"caption": 0})
        if tag == "caption" and self.in_table:
            self.in_table[-1]["caption"] += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()
        if tag == "table" and self.in_table.pop()["caption"] != 1:
            self.problems.append("a table without one caption")

    def handle_data(self, data) -> None:
        if self.open and self.open[-1] not in ("script", "style"):
            self.text.append(data)


def _outline(html: str) -> _Outline:
    outline = _Outline()
    outline.feed(html)
    outline.close()
    return outline


def _text(html: str) -> str:
    return " ".join("".join(_outline(html).text).split())


def test_well_formed_and_semantic(page: str) -> None:
    outline = _outline(page)
    assert outline.problems == []
    assert outline.open == []
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    tags = [tag for tag, _ in outline.tags]
    assert tags.count("h1") == 1
    # channels, rating, crosstab, ONS4, shift, three appendix tables, the response form
    assert tags.count("table") == tags.count("caption") == 9
    levels = [int(tag[1]) for tag, _ in outline.tags if tag in ("h1", "h2", "h3", "h4")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # none skipped
    for tag, attrs in outline.tags:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row")


def test_title_organisation_and_findings_with_their_bases(page: str) -> None:
    text = _text(page)
    assert "<title>Social Prescribing – Healthwatch Bromley</title>" in page
    assert "Social Prescribing" in text and "Healthwatch Bromley" in text
    # The base is in each headline's own words; the link goes to its table.
    assert "44% of those who answered were patients. (Appendix 1)" in text
    assert "70% rated the service good or very good." in text
    assert '<a href="#appendix-1">Appendix 1</a>' in page
    assert '<a href="#appendix-3">Appendix 3</a>' in page


def test_every_appendix_table_is_numbered_with_its_title_and_rows(page: str) -> None:
    for number, table, title in (
        (1, FILLING_IN_AS, "1. I am filling this in as"),
        (2, SERVICES, "5. Did you use the service(s)…"),
        (3, CARER, "Hours caring each week"),
    ):
        assert f'id="appendix-{number}"' in page
        assert f">Appendix {number}</h3>" in page
        assert f"<caption>{title}</caption>" in page
        for note in table.notes:
            assert f'<p class="note">{note}</p>' in page
    text = _text(page)
    assert "A patient 38 44% A carer 31 36% Someone else 17 20% Base 86" in text
    assert '<th scope="row">Base</th>' in page


def test_respondent_text_is_escaped(page: str) -> None:
    assert SCRIPT not in page
    assert ESCAPED_SCRIPT in page
    assert "<b>care</b>" not in page and "&lt;b&gt;care&lt;/b&gt;" in page
    assert "<i>listened</i>" not in page and "&lt;i&gt;listened&lt;/i&gt;" in page
    # the suppressed count shows its mark
    assert f'<th scope="row">{ESCAPED_SCRIPT}</th>\n<td class="num">&lt;5</td>' in page


def test_plotly_is_inlined_exactly_once_before_the_first_chart(page: str) -> None:
    assert page.count("plotly.js v") == 1
    # charts: the two tables behind findings, the rating scale, ONS4
    assert [f'id="chart-{n}"' in page for n in range(1, 6)] == [True] * 4 + [False]
    assert page.index("plotly.js v") < page.index('getElementById("chart-1")')
    assert "cdn.plot.ly/plotly" not in page
    outline = _outline(page)
    assert not [attrs for tag, attrs in outline.tags if tag == "script" and attrs.get("src")]
    assert not [attrs for tag, attrs in outline.tags if tag == "link"]


def test_every_chart_is_said_in_words_and_hidden_from_screen_readers(page: str) -> None:
    figures = page.count('<figure class="chart">')
    assert figures == 4
    assert page.count('<div aria-hidden="true">') == figures
    text = _text(page)
    assert (
        "Bar chart of '1. I am filling this in as': A patient 44% (38); A carer 36% (31); "
        "Someone else 20% (17). Base: 86 respondents."
    ) in text
    assert "Bar chart of mean wellbeing scores out of 10 before and after support:" in text


def test_the_parts_come_in_a_healthwatch_report_s_order(page: str) -> None:
    outline = _outline(page)
    headings = []
    for tag, attrs in outline.tags:
        if tag == "section" and attrs.get("id"):
            headings.append(attrs["id"])
    assert [h for h in headings if not h.startswith("appendix-")] == [
        "about",
        "how-to-read",
        "summary",
        "method",
        "findings",
        "recommendations",
        "full-findings",
        "themes",
        "appendix",
        "responses",
    ]
    text = _text(page)
    # Staff's sections: paragraphs split on blank lines, their text escaped; empty ones left out.
    assert "<p>We are the independent champion.</p>\n<p>Second.</p>" in page
    assert "We asked patients &lt;b&gt;online&lt;/b&gt; and on paper." in page
    assert 'id="background"' not in page and "Acknowledgements" not in text
    assert "Publish the referral pathway. (for SEL ICB)" in text
    assert '<li value="2">Fund more link workers.</li>' in page
    assert "Sent to SEL ICB on 4 Jul 2023. Response received on 28 Jul 2023." in text
    assert "We welcome the report." in text
    assert "1. Publish the referral pathway. Accepted It is online now." in text
    assert "2. Fund more link workers. Not answered yet" in text


def test_no_charts_no_plotly(page: str) -> None:
    plain = findings_html(PLAIN)
    assert "plotly.js v" not in plain
    assert "Plotly.newPlot" not in plain
    assert 'id="full-findings"' not in plain
    assert "<caption>Hours caring each week</caption>" in plain
    assert "No key findings yet." in plain


def test_rating_summary(page: str) -> None:
    text = _text(page)
    assert "Very poor 2 5% Poor 4 10% Neither good nor poor 6 15% Good 14 35%" in text
    assert "Very good or Good: 70% (28 of 40" in text
    assert "3 answered not applicable" in text
    assert "Middle answer (median): Good." in text


def test_crosstab_with_its_sentence(page: str) -> None:
    text = _text(page)
    assert BY_AGE.sentence in text
    assert "Under 65 20 (80%) 5 (20%) 25" in text
    assert "Total 30 10 40" in text
    assert "Fisher's exact test: p = 0.450." in text


def test_ons4_outcomes_table(page: str) -> None:
    text = _text(page)
    for header in (
        "Measure",
        "Pairs",
        "Mean before",
        "Mean after",
        "Change (95% interval)",
        "Improved",
        "Unchanged",
        "Worse",
        "Wilcoxon p",
    ):
        assert header in text
    assert '<th scope="col" class="num">Wilcoxon p</th>' in page
    assert "Life satisfaction 20 5.0 6.2 +1.2 (0.5 to 1.9) 60% (12) 25% (5) 15% (3) <0.001" in text
    assert "Anxiety (few answers, read with care) 20 5.5 4.1 -1.4 (-2.0 to -0.8)" in text
    assert "0.012" in text
    assert "20 participants answered both before and after" in text
    assert "2 answered before only, 1 after only, and 3 responses had no participant code" in text
    assert "P01" not in text  # participant codes are not published


def test_agreement_shift(page: str) -> None:
    text = _text(page)
    assert "Agree 5 50% 8 80%" in text
    assert "Agreeing: 50% before (5 of 10), 80% after (8 of 10)." in text


def test_methodology_counts_responses_by_questionnaire_and_channel(page: str) -> None:
    text = _text(page)
    assert 'id="method"' in page
    assert "patient online 50 patient paper 36 carer paper 20 Total 106" in text


def test_quotes_section(page: str) -> None:
    assert 'id="themes"' in page
    assert "<h3>Positive comments</h3>" in page and "Negative comments" not in page
    assert "<blockquote><p>“The link worker &lt;i&gt;listened&lt;/i&gt; to me.”</p>" in page
    plain = findings_html(PLAIN)
    assert '<section id="themes">' not in plain  # nothing written, nothing quoted


def test_control_characters_do_not_reach_the_page() -> None:
    table = replace(CARER, rows=(TableRow("Bell\x07 ringer", 1, 100, "1"),), base=1)
    html = findings_html(Publication(replace(PLAIN_CONTENT, tables=(table,))))
    assert "\x07" not in html and "Bell ringer" in html


def test_prints_on_a4(page: str) -> None:
    assert "@media print" in page and "size: A4" in page


# --- Word ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document():
    return Document(io.BytesIO(findings_docx(PUBLICATION)))


def _paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _table_rows(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_docx_headings_and_findings_as_bullets(document) -> None:
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert [text for style, text in headings if style == "Heading 1"] == [
        "About us",
        "How to read this report",
        "Executive summary",
        "What we did",
        "Key findings",
        "Recommendations",
        "Full findings",
        "What people told us",
        "Appendices",
        "Responses to this report",
    ]
    assert ("Heading 2", "Appendix 3") in headings
    assert ("Heading 2", "'Overall rating' by 'Age group'") in headings
    assert document.paragraphs[0].text == "Social Prescribing"
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [
        "44% of those who answered were patients. (Appendix 1)",
        "70% rated the service good or very good.",
        "Most carers <b>care</b> under 20 hours a week. (Appendix 3)",
    ]
    assert "1. Publish the referral pathway. (for SEL ICB)" in _paragraphs(document)


def test_docx_appendix_tables(document) -> None:
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "1. I am filling this in as" in captions
    assert "5. Did you use the service(s)…" in captions
    tables = _table_rows(document)
    assert [
        ["", "No.", "%"],
        ["A patient", "38", "44%"],
        ["A carer", "31", "36%"],
        ["Someone else", "17", "20%"],
        ["Base", "86", ""],
    ] in tables
    services = next(rows for rows in tables if rows[1][0] == "GP")
    assert services[2] == [SCRIPT, "<5", ""]
    assert services[3] == ['=HYPERLINK("http://x")', "12", "14%"]
    assert "More than one answer could be given." in _paragraphs(document)


def test_docx_ons4_and_crosstab_tables(document) -> None:
    tables = _table_rows(document)
    ons4 = next(rows for rows in tables if rows[0][0] == "Measure")
    assert ons4[0][-1] == "Wilcoxon p"
    assert ons4[1] == [
        "Life satisfaction",
        "20",
        "5.0",
        "6.2",
        "+1.2 (0.5 to 1.9)",
        "60% (12)",
        "25% (5)",
        "15% (3)",
        "<0.001",
    ]
    crosstab = next(rows for rows in tables if rows[0][0] == "Age group")  # wording, not id
    assert crosstab[1] == ["Under 65", "20 (80%)", "5 (20%)", "25"]
    assert BY_AGE.sentence in _paragraphs(document)


def test_docx_charts_are_pictures_with_their_numbers_as_alternative_text(document) -> None:
    pictures = document.inline_shapes
    assert len(pictures) == 4  # the two tables behind key findings, the rating scale, ONS4
    described = [shape._inline.docPr.get("descr") for shape in pictures]
    assert described[0] == (
        "Bar chart of '1. I am filling this in as': A patient 44% (38); A carer 36% (31); "
        "Someone else 20% (17). Base: 86 respondents."
    )
    assert all(d and d.startswith("Bar chart of") for d in described)
    for shape in pictures:
        blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        assert document.part.related_parts[blob].blob.startswith(b"\x89PNG")


def test_docx_methodology_and_quotes(document) -> None:
    paragraphs = _paragraphs(document)
    assert "We asked patients <b>online</b> and on paper." in paragraphs
    channels = next(rows for rows in _table_rows(document) if rows[0][0] == "Questionnaire")
    assert channels[1:] == [
        ["patient", "online", "50"],
        ["patient", "paper", "36"],
        ["carer", "paper", "20"],
        ["Total", "", "106"],
    ]
    assert "“The link worker <i>listened</i> to me.”" in paragraphs
    assert "Positive comments" in paragraphs
    plain = Document(io.BytesIO(findings_docx(PLAIN)))
    assert NO_QUOTES not in _paragraphs(plain)  # no themes, no quotes: no part for them
    assert "No key findings yet." in _paragraphs(plain)


def test_docx_is_a4_arial_with_repeating_table_headers(document) -> None:
    section = document.sections[0]
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Caption", "List Bullet"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Arial", name
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert document.core_properties.title == "Social Prescribing"


def test_docx_survives_control_characters() -> None:
    table = replace(CARER, title="Hours\x0b caring", rows=(TableRow("Bell\x07", 1, 100, "1"),))
    document = Document(
        io.BytesIO(findings_docx(Publication(replace(PLAIN_CONTENT, tables=(table,)))))
    )
    assert ["Bell", "1", "100%"] in _table_rows(document)[0]
