"""What a study's findings are: the headline sentences, each with its number and base, that
open a findings report ("44% (38 of 86) of patient survey respondents answered ...", "52% rated
it 5 (Excellent) or 4 (Good); 30% rated it 2 (Poor) or 1 (Terrible)"), which pairs of questions
are compared, which scales are summarised as ratings and which as a shift before and after
support, and how staff's own wording of a headline takes the place of the generated one
(``findings_content``, the whole of a report's content from a tidy frame).

Pure functions over the tidy answer frame and questionnaire definitions; no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.crosstabs import crosstab
from analysis.frames import QuestionRows, rows_of
from analysis.likert import MIN_SCALE_POINTS, rating_summary, scale_points
from analysis.ons4 import agreement_shift, ons4_outcomes
from analysis.results import (
    AgreementShift,
    AppendixTable,
    Crosstab,
    Finding,
    FindingsContent,
    QuoteItem,
    RatingSummary,
    TableRow,
)
from analysis.stats import proportion
from analysis.tables import appendix_tables, instrument_rows, survey_name
from analysis.themes.tables import ThemeTable, theme_appendix
from questionnaires.model import Question, Questionnaire

__all__ = [
    "ONS4",
    "SMALL_BASE_WARNING",
    "EditedFinding",
    "findings_content",
    "headline_findings",
    "largest_answer",
    "notable_comparisons",
    "notable_differences",
    "stale_edits",
    "study_tables",
    "top_two_finding",
    "with_edits",
]

#: The instrument whose answers are the ONS4 personal wellbeing measures, paired before/after.
ONS4 = "ons4"

SMALL_BASE_WARNING = " (small base: treat with caution)"
#: Rows of a table that are an answer someone chose or wrote.
_ANSWER_KINDS = ("option", "other_text")


def headline_findings(
    frame: pd.DataFrame, definitions: Sequence[Questionnaire], small_base: int = 10
) -> list[Finding]:
    """The headline findings of a report, in printed order of each questionnaire: for every
    closed question with at least one answer, its largest answer (``<key>.<question>.largest``)
    and, for a rating scale, its top two and bottom two boxes (``<key>.<question>.top_two``).

    Versions of one questionnaire pool: each key is read once, with the wording and labels of
    the latest of its versions in ``definitions``. A finding on fewer than ``small_base``
    answers is flagged and says so.
    """
    return _headlines(frame, definitions, small_base)[0]


def _headlines(
    frame: pd.DataFrame, definitions: Sequence[Questionnaire], small_base: int
) -> tuple[list[Finding], list[Crosstab]]:
    """The headline findings, and the crosstabs behind those that say groups differ."""
    findings: list[Finding] = []
    comparisons: list[Crosstab] = []
    for definition in _latest_versions(definitions):
        own = instrument_rows(frame, definition)
        split = QuestionRows(own)
        for appendix in appendix_tables(own, definition, order="frequency"):
            largest = largest_answer(appendix, definition, small_base)
            if largest is None:
                continue
            findings.append(largest)
            question = definition.question(appendix.question_id)
            if question is not None and _has_boxes(question):
                rows = split.rows(question.id, *question.replaces)
                top_two = top_two_finding(rows, definition, question, small_base)
                if top_two is not None:
                    findings.append(top_two)
        for finding, table in _notable(split, definition, small_base, limit=3):
            findings.append(finding)
            comparisons.append(table)
    return findings, comparisons


#: A difference is "notable" below this p-value; and a grouping question with more options than
#: this makes tables too thin to say anything.
NOTABLE_P = 0.05
MAX_GROUPS = 8


def notable_differences(
    frame: pd.DataFrame,
    definition: Questionnaire,
    small_base: int = 10,
    limit: int = 3,
) -> list[Finding]:
    """Headline sentences on the crosstabs of a report that show a difference beyond chance:
    each rating scale by each single-choice question of the same questionnaire (the overall
    rating by reason for referral, say), the ``limit`` clearest first, each with its test and n.
    Tables resting on fewer than ``small_base`` answers are not tested for this.
    """
    return [finding for finding, _ in notable_comparisons(frame, definition, small_base, limit)]


def notable_comparisons(
    frame: pd.DataFrame,
    definition: Questionnaire,
    small_base: int = 10,
    limit: int = 3,
) -> list[tuple[Finding, Crosstab]]:
    """``notable_differences``, each with the crosstab it rests on (a report prints it in full)."""
    return _notable(QuestionRows(frame), definition, small_base, limit)


def _notable(
    split: QuestionRows, definition: Questionnaire, small_base: int, limit: int
) -> list[tuple[Finding, Crosstab]]:
    """``notable_comparisons`` of a frame already split by question."""
    scales = [q for q in definition.questions() if q.type == "scale" and _has_boxes(q)]
    groups = [
        q for q in definition.questions() if q.type == "single" and 1 < len(q.options) <= MAX_GROUPS
    ]
    found = []
    for scale in scales:
        for group in groups:
            try:
                rows = split.rows(group.id, scale.id)
                table = crosstab(rows, definition, group.id, scale.id, small_base)
            except (KeyError, ValueError):
                continue
            if table.small_base or table.p_value is None or table.p_value >= NOTABLE_P:
                continue
            found.append((table.p_value, scale, group, table))
    return [
        (
            Finding(
                key=f"{definition.key}.{scale.id}.by.{group.id}",
                text=f"Answers to '{scale.text}' differed by '{group.text}': {table.sentence}",
                base=table.n,
                questionnaire=definition.key,
                question_id=scale.id,
            ),
            table,
        )
        for _p, scale, group, table in sorted(found, key=lambda item: item[0])[:limit]
    ]


def largest_answer(
    table: AppendixTable, definition: Questionnaire, small_base: int = 10
) -> Finding | None:
    """The sentence on the answer given most often, over every response to the questionnaire,
    from its appendix table (in frequency order: ties as printed); None when nobody chose or
    wrote an answer."""
    row = _largest_row(table)
    if row is None or row.count is None:
        return None
    share = proportion(row.count, table.base, small_base)
    text = (
        f"{share.percent}% ({row.count} of {table.base}) of {survey_name(definition)} respondents "
        f"answered '{row.label}' to '{table.title}'."
    )
    key = f"{definition.key}.{table.question_id}.largest"
    return _finding(key, text, table.base, definition, table.question_id, small_base)


def top_two_finding(
    frame: pd.DataFrame, definition: Questionnaire, question: Question, small_base: int = 10
) -> Finding | None:
    """The sentence on a rating scale's top two and bottom two boxes (the Bromley report's
    "52% ... 5 (Excellent) or 4 (Good); 30% ... 2 (Poor) or 1 (Terrible)"), over the responses
    that ticked a point of the scale (N/A and blanks left out); None when there are none."""
    summary = rating_summary(frame, definition, question.id, small_base)
    if summary.n == 0:
        return None
    top, bottom = summary.top_two_labels, summary.bottom_two_labels
    text = (
        f"'{question.text}': {summary.top_two.percent}% rated it {top[0]} or {top[1]}; "
        f"{summary.bottom_two.percent}% rated it {bottom[0]} or {bottom[1]} (base {summary.n})."
    )
    key = f"{definition.key}.{question.id}.top_two"
    return _finding(key, text, summary.n, definition, question.id, small_base)


def _largest_row(table: AppendixTable) -> TableRow | None:
    """The first row, in frequency order, that is an answer chosen or written."""
    return next((r for r in table.rows if r.kind in _ANSWER_KINDS and r.count), None)


def _finding(
    key: str,
    text: str,
    base: int,
    definition: Questionnaire,
    question_id: str,
    small_base: int,
) -> Finding:
    small = base < small_base
    if small:
        text = f"{text[:-1]}{SMALL_BASE_WARNING}."
    return Finding(
        key=key,
        text=text,
        base=base,
        questionnaire=definition.key,
        question_id=question_id,
        small_base=small,
    )


def _has_boxes(question: Question) -> bool:
    """A rating scale with enough points for separate top-two and bottom-two boxes."""
    return question.type == "scale" and len(scale_points(question)) >= MIN_SCALE_POINTS


def _latest_versions(definitions: Sequence[Questionnaire]) -> list[Questionnaire]:
    """One definition per key, the highest version, in the order the keys first appear."""
    latest: dict[str, Questionnaire] = {}
    for definition in definitions:
        kept = latest.get(definition.key)
        if kept is None or definition.version > kept.version:
            latest[definition.key] = definition
    return list(latest.values())


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
) -> list[AppendixTable]:
    """Every closed question's appendix table, in questionnaire order across the instruments.
    An instrument without answers still has its tables (base 0), so numbers do not shift.
    ``progress(1)`` is called after each instrument."""
    tables: list[AppendixTable] = []
    for definition in definitions:
        tables += appendix_tables(rows_of(frame, "questionnaire", definition.key), definition)
        if progress:
            progress(1)
    return tables


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
) -> FindingsContent:
    """Everything a findings report shows for ``definitions`` (one per instrument): the numbered
    appendix tables (the theme tables of ``themes`` numbered after them), the headline findings
    with staff's ``edits`` in place, the crosstabs behind "answers differed" findings, each
    rating scale summarised (a scale asked before and after support, in a questionnaire with
    timepoints, as its shift instead), and the ONS4 outcomes when ONS4 was asked."""
    edits = edits or {}
    keys = [d.key for d in definitions]
    if not frame["questionnaire"].isin(keys).all():
        frame = frame[frame["questionnaire"].isin(keys)]
    tables = study_tables(frame, definitions, progress)
    ratings: list[RatingSummary] = []
    shifts: list[AgreementShift] = []
    for definition in definitions:
        split = QuestionRows(rows_of(frame, "questionnaire", definition.key))
        for question in definition.questions():
            if not _has_boxes(question):
                continue
            rows = split.rows(question.id, *question.replaces)
            if not (rows["state"] == "answered").any():
                continue
            if definition.timepoints:  # asked before and after: the shift is the finding
                shifts.append(agreement_shift(rows, definition, question.id, small_base))
            else:
                ratings.append(rating_summary(rows, definition, question.id, small_base))
    generated, comparisons = _headlines(frame, definitions, small_base)
    ons4_frame = rows_of(frame, "questionnaire", ONS4)
    return FindingsContent(
        study=study,
        organisation=organisation,
        findings=tuple(with_edits(generated, edits)),
        tables=(*tables, *(theme_appendix(t) for t in themes)),
        themes=tuple(themes),
        quotes=tuple(quotes),
        ratings=tuple(ratings),
        ons4=ons4_outcomes(ons4_frame, small_base) if not ons4_frame.empty else None,
        shifts=tuple(shifts),
        crosstabs=tuple(comparisons),
        responses_by_channel=tuple(responses_by_channel),
        stale_edits=stale_edits(generated, edits),
    )
