"""The report in Word: the parts of :mod:`exports.report` in the same order, A4 and Arial as the
house style (:mod:`exports.word`), its charts as pictures drawn by :mod:`exports.chart_images`
with their numbers as alternative text."""

from __future__ import annotations

from analysis.results import Finding, FindingsContent
from analysis.themes.tables import theme_appendix
from exports.chart_images import choice_png, ons4_png, rating_png
from exports.chart_text import choice_alt, ons4_alt, rating_alt
from exports.publication import Publication
from exports.report_outline import outline, response_grid, response_lines
from exports.report_parts import (
    NO_QUOTES,
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
from exports.word import WordWriter, report_document
from exports.workbook import printed_title

__all__ = ["findings_docx"]


def _finding_text(finding: Finding, numbers: dict[tuple[str, str], int]) -> str:
    number = appendix_of(finding, numbers)
    return f"{finding.text} (Appendix {number})" if number is not None else finding.text


def findings_docx(publication: Publication) -> bytes:
    """The report as the bytes of a .docx file: A4, Arial, the parts of
    :func:`~exports.report_outline.outline` under Heading 1 (items under Heading 2), findings
    as bullets, charts as pictures with their numbers as alternative text, every table as a
    Word table with a header row."""
    content = publication.content
    word = report_document(title=content.study, subject="Findings", author=content.organisation)
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

    return word.bytes()


def _written(word: WordWriter, publication: Publication, key: str) -> None:
    section = publication.section(key)
    if section is None:
        return
    word.heading(section.heading, 1)
    for paragraph in section.paragraphs:
        word.paragraph(paragraph)


def _full_findings(
    word: WordWriter, content: FindingsContent, numbers: dict[tuple[str, str], int], heading: str
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
