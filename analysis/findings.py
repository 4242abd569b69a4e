"""Headline findings: the sentences, each with its number and base, that open a findings report
("44% (38 of 86) of patient survey respondents answered ...", "52% rated it 5 (Excellent) or
4 (Good); 30% rated it 2 (Poor) or 1 (Terrible)"). Staff edit them before publishing.

Pure functions over the tidy answer frame and questionnaire definitions; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.likert import MIN_SCALE_POINTS, rating_summary, scale_points
from analysis.results import AppendixTable, Finding, TableRow
from analysis.stats import proportion
from analysis.tables import appendix_tables, instrument_rows, survey_name
from questionnaires.model import Question, Questionnaire

__all__ = [
    "SMALL_BASE_WARNING",
    "headline_findings",
    "largest_answer",
    "notable_differences",
    "top_two_finding",
]

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
    findings: list[Finding] = []
    for definition in _latest_versions(definitions):
        own = instrument_rows(frame, definition)
        for table in appendix_tables(own, definition, order="frequency"):
            largest = largest_answer(table, definition, small_base)
            if largest is None:
                continue
            findings.append(largest)
            question = definition.question(table.question_id)
            if question is not None and _has_boxes(question):
                top_two = top_two_finding(own, definition, question, small_base)
                if top_two is not None:
                    findings.append(top_two)
        findings += notable_differences(own, definition, small_base)
    return findings


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
    from analysis.crosstabs import crosstab

    scales = [q for q in definition.questions() if q.type == "scale" and _has_boxes(q)]
    groups = [
        q for q in definition.questions() if q.type == "single" and 1 < len(q.options) <= MAX_GROUPS
    ]
    found = []
    for scale in scales:
        for group in groups:
            try:
                table = crosstab(frame, definition, group.id, scale.id, small_base)
            except (KeyError, ValueError):
                continue
            if table.small_base or table.p_value is None or table.p_value >= NOTABLE_P:
                continue
            found.append((table.p_value, scale, group, table))
    findings = []
    for _p, scale, group, table in sorted(found, key=lambda item: item[0])[:limit]:
        findings.append(
            Finding(
                key=f"{definition.key}.{scale.id}.by.{group.id}",
                text=f"Answers to '{scale.text}' differed by '{group.text}': {table.sentence}",
                base=table.n,
                questionnaire=definition.key,
                question_id=scale.id,
            )
        )
    return findings


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
