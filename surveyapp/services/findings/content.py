"""A study's findings: its stored answers, codes, quotes and staff's wording loaded, handed to
``analysis.findings`` (which decides what the findings are), and the results returned for
``exports`` to write."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import findings as compose
from analysis.crosstabs import crosstab
from analysis.results import AppendixTable, Crosstab, Finding, FindingsContent
from analysis.themes.tables import ThemeTable
from questionnaires import Questionnaire
from surveyapp.models import EditedFinding, Study
from surveyapp.services import ServiceError
from surveyapp.services.coding.results import report_quotes, theme_appendices, theme_tables
from surveyapp.services.findings.counts import counted_answers
from surveyapp.services.findings.grouping import other_groups
from surveyapp.services.responses.frames import tidy_frame
from surveyapp.services.results import remembered
from surveyapp.services.studies import (
    choose,
    chosen_definitions,
    returns_overview,
    study_definitions,
)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Appendix:
    """The numbered appendix tables of the chosen instruments (theme tables numbered after the
    others), and the theme tables themselves for their split by sentiment."""

    title: str
    tables: list[AppendixTable]
    themes: list[ThemeTable]


def appendix(
    session: Session,
    study: Study,
    keys: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Appendix:
    """What the appendix workbook holds, its answers counted in the database (``counts``) rather
    than read (kept until they change: ``surveyapp.services.results``)."""
    definitions = chosen_definitions(session, study, keys)

    def work_out() -> Appendix:
        themes = theme_tables(session, study, [d.key for d in definitions])
        counted = counted_answers(session, study, definitions)
        groups = other_groups(session, study)
        tables = compose.counted_study_tables(counted, definitions, progress, groups)
        return Appendix(f"{study.name}: appendix tables", tables + theme_appendices(themes), themes)

    name = f"appendix:{','.join(d.key for d in definitions)}"
    return remembered(session, study, name, work_out)


def ranked_headlines(
    session: Session, study: Study, *, small_base: int, organisation: str
) -> tuple[Finding, ...]:
    """Every headline of every instrument of the study, ranked, in generated words (kept)."""
    return findings_content(
        session, study, small_base=small_base, organisation=organisation
    ).ranked_headlines


def edited_findings(session: Session, study: Study) -> dict[str, compose.EditedFinding]:
    """Staff's wording of the study's headline findings, by finding key."""
    return {
        e.key: compose.EditedFinding(e.text, e.generated)
        for e in session.scalars(select(EditedFinding).filter_by(study_id=study.id))
    }


def findings_content(
    session: Session,
    study: Study,
    keys: Iterable[str] | None = None,
    *,
    small_base: int,
    organisation: str,
    progress: Progress | None = None,
    frame: pd.DataFrame | None = None,
    definitions: list[Questionnaire] | None = None,
) -> FindingsContent:
    """Everything the findings page and report show for the chosen instruments, with staff's
    choice and wording of headlines; a figure on fewer than ``small_base`` answers says so.
    What is worked out from the answers is kept until the data change (unless ``frame`` is
    given); staff's choices are applied to it at each look, so saving them costs nothing."""
    definitions = definitions or chosen_definitions(session, study, keys)
    choices = (edited_findings(session, study), study.headlines)
    if frame is None:
        name = f"findings:{','.join(d.key for d in definitions)}:{small_base}:{organisation}"
        generated = remembered(
            session,
            study,
            name,
            lambda: _generated(
                session,
                study,
                tidy_frame(session, study, with_text=False),
                definitions,
                small_base=small_base,
                organisation=organisation,
                progress=progress,
            ),
        )
        return compose.with_choices(generated, *choices)
    return compose.with_choices(
        _generated(
            session,
            study,
            frame,
            definitions,
            small_base=small_base,
            organisation=organisation,
            progress=progress,
        ),
        *choices,
    )


def _generated(
    session: Session,
    study: Study,
    frame: pd.DataFrame,
    definitions: list[Questionnaire],
    *,
    small_base: int,
    organisation: str,
    progress: Progress | None,
) -> FindingsContent:
    """The findings as worked out from the answers, before staff's choices."""
    shown = [d.key for d in definitions]
    channels = [
        (row.label, channel, n)
        for row in returns_overview(session, study)
        if row.key in shown
        for channel, n in row.by_channel.items()
        if n
    ]
    return compose.findings_content(
        frame,
        definitions,
        study=study.name,
        organisation=organisation,
        small_base=small_base,
        themes=theme_tables(session, study, shown),
        quotes=report_quotes(session, study, shown),
        responses_by_channel=channels,
        progress=progress,
        other_groups=other_groups(session, study),
    )


@dataclass(frozen=True)
class FindingsPage:
    """What the Findings page shows: the content (with the edited findings whose numbers have
    changed since), the instruments to choose from, and a comparison when one was asked for."""

    content: FindingsContent
    definitions: list[Questionnaire]
    comparison: Crosstab | None

    @property
    def stale(self) -> frozenset[str]:
        return self.content.stale_edits


def findings_page(
    session: Session,
    study: Study,
    keys: Iterable[str] | None,
    row: str,
    column: str,
    *,
    small_base: int,
    organisation: str,
) -> FindingsPage:
    everything = study_definitions(session, study)
    chosen = choose(everything, study, keys)

    def work_out() -> FindingsPage:
        frame = tidy_frame(session, study, with_text=False)
        content = _generated(
            session,
            study,
            frame,
            chosen,
            small_base=small_base,
            organisation=organisation,
            progress=None,
        )
        comparison = compare(everything, frame, row, column, small_base) if row and column else None
        return FindingsPage(content, everything, comparison)

    shown = ",".join(d.key for d in chosen)
    name = f"page:{shown}:{row[:60]}:{column[:60]}:{small_base}:{organisation[:60]}"
    page = remembered(session, study, name, work_out)
    content = compose.with_choices(page.content, edited_findings(session, study), study.headlines)
    return dataclasses.replace(page, content=content)


def compare(
    definitions: list[Questionnaire], frame: pd.DataFrame, row: str, column: str, small_base: int
) -> Crosstab:
    """A crosstab of two closed questions ("instrument.question" each) of one instrument."""
    row_key, _, row_question = row.partition(".")
    column_key, _, column_question = column.partition(".")
    if row_key != column_key:
        raise ServiceError("Compare two questions of the same questionnaire")
    definition = next((d for d in definitions if d.key == row_key), None)
    if definition is None:
        raise ServiceError(f"This study has no instrument '{row_key}'")
    own = frame[frame["questionnaire"] == row_key]
    try:
        return crosstab(own, definition, row_question, column_question, small_base)
    except (KeyError, ValueError) as exc:
        raise ServiceError(f"Those two questions cannot be compared: {exc}") from exc
