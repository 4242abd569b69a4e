"""What a study's findings are, as a report presents them (``findings_content``, the whole of a
report's content from a tidy frame): the numbered appendix tables, the headlines staff publish
(worded and ranked by :mod:`analysis.headlines`) with their own wording in place, the crosstabs
behind "groups differ" headlines, which scales are summarised as ratings and which as a shift
before and after support, and the ONS4 outcomes.

Pure functions over the tidy answer frame and questionnaire definitions; no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.frames import QuestionRows, rows_of
from analysis.headlines import headlines, published
from analysis.likert import has_boxes, rating_summary
from analysis.ons4 import agreement_shift, ons4_outcomes
from analysis.results import (
    AgreementShift,
    AppendixTable,
    Finding,
    FindingsContent,
    QuoteItem,
    RatingSummary,
)
from analysis.tables import COUNTED_COLUMNS, CountedAnswers, appendix_tables, counted_tables
from analysis.themes.tables import ThemeTable, theme_appendix
from questionnaires.model import Questionnaire

__all__ = [
    "ONS4",
    "EditedFinding",
    "OtherGroups",
    "counted_study_tables",
    "findings_content",
    "stale_edits",
    "study_tables",
    "with_choices",
    "with_edits",
]

#: The instrument whose answers are the ONS4 personal wellbeing measures, paired before/after.
ONS4 = "ons4"
#: Staff's grouping of what was written after "Other": by (questionnaire, question), each
#: written answer to the row it counts in.
OtherGroups = Mapping[tuple[str, str], Mapping[str, str]]


# -- a report's content ------------------------------------------------------------------------


@dataclass(frozen=True)
class EditedFinding:
    """Staff's wording of a headline finding, and the generated text it was written against."""

    text: str
    generated: str


def with_edits(findings: Sequence[Finding], edits: Mapping[str, EditedFinding]) -> list[Finding]:
    """``findings`` with staff's wording in place of the generated text where they gave one."""
    return [
        dataclasses.replace(f, text=edits[f.key].text) if f.key in edits else f for f in findings
    ]


def stale_edits(findings: Sequence[Finding], edits: Mapping[str, EditedFinding]) -> frozenset[str]:
    """Keys of the edited findings whose generated text has changed since staff worded them:
    the answers have changed, so the wording may no longer be true."""
    generated = {f.key: f.text for f in findings}
    return frozenset(
        key for key, edit in edits.items() if key in generated and edit.generated != generated[key]
    )


def study_tables(
    frame: pd.DataFrame,
    definitions: Sequence[Questionnaire],
    progress: Callable[[int], None] | None = None,
    other_groups: OtherGroups | None = None,
) -> list[AppendixTable]:
    """Every closed question's appendix table, in questionnaire order across the instruments.
    An instrument without answers still has its tables (base 0), so numbers do not shift.
    ``progress(1)`` is called after each instrument."""
    tables: list[AppendixTable] = []
    for definition in definitions:
        tables += appendix_tables(
            rows_of(frame, "questionnaire", definition.key),
            definition,
            other_groups=_groups_of(other_groups, definition.key),
        )
        if progress:
            progress(1)
    return tables


def counted_study_tables(
    counted: Mapping[str, CountedAnswers],
    definitions: Sequence[Questionnaire],
    progress: Callable[[int], None] | None = None,
    other_groups: OtherGroups | None = None,
) -> list[AppendixTable]:
    """:func:`study_tables` from each instrument's answers counted in the database (by
    questionnaire key): the same tables, for a study too large to read answer by answer."""
    nothing = CountedAnswers(0, pd.DataFrame(columns=list(COUNTED_COLUMNS)), {})
    tables: list[AppendixTable] = []
    for definition in definitions:
        tables += counted_tables(
            counted.get(definition.key, nothing),
            definition,
            other_groups=_groups_of(other_groups, definition.key),
        )
        if progress:
            progress(1)
    return tables


def _groups_of(
    other_groups: OtherGroups | None, questionnaire: str
) -> dict[str, Mapping[str, str]]:
    return {q: g for (key, q), g in (other_groups or {}).items() if key == questionnaire}


def findings_content(
    frame: pd.DataFrame,
    definitions: Sequence[Questionnaire],
    *,
    study: str,
    organisation: str,
    small_base: int = 10,
    edits: Mapping[str, EditedFinding] | None = None,
    themes: Sequence[ThemeTable] = (),
    quotes: Sequence[QuoteItem] = (),
    responses_by_channel: Sequence[tuple[str, str, int]] = (),
    progress: Callable[[int], None] | None = None,
    chosen_headlines: Sequence[str] | None = None,
    other_groups: OtherGroups | None = None,
) -> FindingsContent:
    """Everything a findings report shows for ``definitions`` (one per instrument): the numbered
    appendix tables (the theme tables of ``themes`` numbered after them), the headlines staff
    chose (``chosen_headlines``, keys in order; None: the suggested ones) with their ``edits``
    in place, the crosstabs behind those that say groups differ, each rating scale summarised
    (a scale asked before and after support, in a questionnaire with timepoints, as its shift
    instead), and the ONS4 outcomes when ONS4 was asked."""
    edits = edits or {}
    keys = [d.key for d in definitions]
    if not frame["questionnaire"].isin(keys).all():
        frame = frame[frame["questionnaire"].isin(keys)]
    tables = study_tables(frame, definitions, progress, other_groups)
    ratings: list[RatingSummary] = []
    shifts: list[AgreementShift] = []
    for definition in definitions:
        split = QuestionRows(rows_of(frame, "questionnaire", definition.key))
        for question in definition.questions():
            if not has_boxes(question):
                continue
            rows = split.rows(question.id, *question.replaces)
            if not (rows["state"] == "answered").any():
                continue
            if definition.timepoints:  # asked before and after: the shift is the finding
                shifts.append(agreement_shift(rows, definition, question.id, small_base))
            else:
                ratings.append(rating_summary(rows, definition, question.id, small_base))
    found = headlines(frame, definitions, small_base, tables)
    ons4_frame = rows_of(frame, "questionnaire", ONS4)
    generated = FindingsContent(
        study=study,
        organisation=organisation,
        findings=(),
        tables=(*tables, *(theme_appendix(t) for t in themes)),
        themes=tuple(themes),
        quotes=tuple(quotes),
        ratings=tuple(ratings),
        ons4=ons4_outcomes(ons4_frame, small_base) if not ons4_frame.empty else None,
        shifts=tuple(shifts),
        responses_by_channel=tuple(responses_by_channel),
        ranked_headlines=found.ranked,
        comparisons=found.comparisons,
    )
    return with_choices(generated, edits, chosen_headlines)


def with_choices(
    content: FindingsContent,
    edits: Mapping[str, EditedFinding],
    chosen_headlines: Sequence[str] | None,
) -> FindingsContent:
    """``content`` with staff's choices applied: the headlines they publish, in their order and
    words, the crosstabs behind those, and which of their wordings rest on changed numbers.
    Cheap: what is worked out from the answers is kept apart from what staff decide."""
    ranked = content.ranked_headlines
    worded = with_edits(ranked, edits)
    chosen = published(worded, chosen_headlines)
    return dataclasses.replace(
        content,
        findings=tuple(chosen),
        headline_choices=tuple(worded),
        crosstabs=tuple(content.comparisons[f.key] for f in chosen if f.key in content.comparisons),
        stale_edits=stale_edits(ranked, edits),
    )
