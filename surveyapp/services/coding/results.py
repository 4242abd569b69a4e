"""The coded answers turned into what a findings report shows: theme tables per question (and
their numbered appendix form), and the quotes staff approved."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from analysis.results import AppendixTable, QuoteItem
from analysis.themes.tables import ThemeTable, theme_appendix, theme_table
from surveyapp.models import Study
from surveyapp.services.coding.codebooks import study_codebook
from surveyapp.services.coding.questions import free_text_questions
from surveyapp.services.coding.quotes import published_quotes
from surveyapp.services.coding.theming import coded_frame

#: Needs are listed most frequent first, as the Bromley report lists "the top five issues".
BY_FREQUENCY = ("needs",)


def theme_tables(
    session: Session, study: Study, keys: Iterable[str] | None = None
) -> list[ThemeTable]:
    """A table per written-answer question and codebook axis, in questionnaire order."""
    wanted = {k for k in (keys or []) if k}
    frame = coded_frame(session, study)
    tables = []
    for item in free_text_questions(session, study):
        if wanted and item.key not in wanted:
            continue
        codebook = study_codebook(session, study, item.codebook)
        for axis in codebook.axes:
            frequency = axis.id in BY_FREQUENCY
            table = theme_table(
                frame,
                codebook,
                axis.id,
                questionnaire=item.key,
                question_id=item.question.id,
                number=item.question.number,
                title=f"{axis.title}: {item.question.text}",
                order="frequency" if frequency else "codebook",
            )
            if table.answers:
                tables.append(table)
    return tables


def theme_appendices(tables: Iterable[ThemeTable]) -> list[AppendixTable]:
    return [theme_appendix(t) for t in tables]


def report_quotes(
    session: Session, study: Study, keys: Iterable[str] | None = None
) -> tuple[QuoteItem, ...]:
    """The quotes staff approved, positive first, as the report prints them."""
    quotes = published_quotes(session, study, keys)
    ordered = sorted(quotes, key=lambda q: (q.sentiment != "positive", q.theme))
    return tuple(QuoteItem(q.text, q.sentiment, q.theme) for q in ordered)
