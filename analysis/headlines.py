"""Headline findings as a Healthwatch report words them, ranked by what matters.

"Most patients (52%) rated 'Overall, how do you rate your experience?' as good or excellent,
and 30% as poor or terrible; base 86." Each headline says who, how many (the percent, with
"Most" above half) and its base; a follow-up question speaks of those it was for ("Of the 156
patients who answered 'Yes' to ..."). Question wording and answer labels, never ids or codes.

What comes first (``KINDS``): rating scales, the study's key questions (``key_question: true``
in the definition), differences between groups beyond chance, then the largest answer of other
questions. Routing questions (those deciding who a follow-up is for) and equality monitoring
(sections shared by every form) are offered but not suggested: staff add them when they matter.
Staff choose, order and reword headlines (``published``); without a choice the first
``DEFAULT_HEADLINES`` suggested ones are published.

Pure functions over the tidy frame and definitions; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.crosstabs import crosstab
from analysis.frames import QuestionRows
from analysis.likert import has_boxes, rating_summary, scale_points
from analysis.results import AppendixTable, Crosstab, Finding, TableRow
from analysis.stats import format_p
from analysis.table_layout import survey_name
from analysis.tables import appendix_tables, instrument_rows
from questionnaires.model import Question, Questionnaire

__all__ = [
    "DEFAULT_HEADLINES",
    "KINDS",
    "SMALL_BASE_WARNING",
    "Headlines",
    "headlines",
    "largest_answer",
    "notable_comparisons",
    "published",
    "top_two_finding",
]

#: Kinds of headline, in the order they rank; the last two are only published when chosen.
KINDS = {
    "rating": "Rating scale",
    "key": "Key question",
    "difference": "Difference between groups",
    "answer": "Other question",
    "routing": "Routing question",
    "equality": "Equality monitoring",
}
NOT_SUGGESTED = frozenset({"routing", "equality"})
DEFAULT_HEADLINES = 8
SMALL_BASE_WARNING = " (small base: treat with caution)"
#: A difference is "notable" below this p-value; a grouping question with more options than
#: this makes tables too thin to say anything.
NOTABLE_P = 0.05
MAX_GROUPS = 8
#: Rows of a table that are an answer someone chose or wrote.
_ANSWER_KINDS = ("option", "other_text")
_POINT_WORD = re.compile(r"^\s*\d+\s*\(\s*([^)]+?)\s*\)\s*$")


@dataclass(frozen=True)
class Headlines:
    """Every headline of a study, ranked, and the crosstabs behind the differences."""

    ranked: tuple[Finding, ...]
    comparisons: dict[str, Crosstab]


def headlines(
    frame: pd.DataFrame,
    definitions: Sequence[Questionnaire],
    small_base: int = 10,
    tables: Sequence[AppendixTable] | None = None,
) -> Headlines:
    """Every headline staff can publish, best first (see ``KINDS``), for the latest version of
    each questionnaire in ``definitions`` (versions pool under one key). ``tables`` are their
    appendix tables when already worked out (they are not counted again)."""
    found: list[tuple[int, int, Finding]] = []
    comparisons: dict[str, Crosstab] = {}
    for definition in _latest_versions(definitions):
        own = instrument_rows(frame, definition)
        split = QuestionRows(own)
        routing = definition.routing_questions()
        order = {q.id: i for i, q in enumerate(definition.questions())}
        ready = [t for t in tables or () if t.questionnaire == definition.key]
        for table in ready or appendix_tables(own, definition, order="frequency"):
            question = definition.question(table.question_id)
            if question is None or question.type == "range":
                continue  # a 0-10 point is not a headline; ONS4 has its own summary
            kind = _kind(definition, question, routing)
            if has_boxes(question):
                rows = split.rows(question.id, *question.replaces)
                finding = top_two_finding(rows, definition, question, small_base)
                kind = kind if kind in NOT_SUGGESTED else "rating"
            else:
                finding = largest_answer(table, definition, small_base)
            if finding is not None:
                finding = _as(finding, kind)
                found.append((list(KINDS).index(kind), order[question.id], finding))
        for finding, compared in _notable(split, definition, small_base, limit=3):
            comparisons[finding.key] = compared
            found.append((list(KINDS).index("difference"), len(found), finding))
    ranked = tuple(f for _, _, f in sorted(found, key=lambda item: (item[0], item[1])))
    return Headlines(ranked, comparisons)


def published(ranked: Sequence[Finding], chosen: Sequence[str] | None) -> list[Finding]:
    """The headlines a report prints: staff's ``chosen`` keys in their order (keys no longer
    found are passed over), or the first ``DEFAULT_HEADLINES`` suggested ones."""
    if chosen is None:
        return [f for f in ranked if f.suggested][:DEFAULT_HEADLINES]
    by_key = {f.key: f for f in ranked}
    return [by_key[key] for key in chosen if key in by_key]


def _kind(definition: Questionnaire, question: Question, routing: frozenset[str]) -> str:
    section = definition.section_of(question.id)
    if section is not None and section.shared:
        return "equality"
    if question.key_question:
        return "key"
    if question.id in routing:
        return "routing"
    return "answer"


def _as(finding: Finding, kind: str) -> Finding:
    return Finding(
        key=finding.key,
        text=finding.text,
        base=finding.base,
        questionnaire=finding.questionnaire,
        question_id=finding.question_id,
        small_base=finding.small_base,
        kind=kind,
        suggested=kind not in NOT_SUGGESTED,
    )


# --- wording ----------------------------------------------------------------------------------


def respondents(definition: Questionnaire) -> str:
    """Who answers ``definition``, as a headline says it: "patients", or "patient survey
    respondents" when the definition does not say."""
    return definition.respondents or f"{survey_name(definition)} respondents"


def _share(percent: int, who: str) -> str:
    """ "Most patients (52%)", "Half of patients (50%)", "42% of patients"."""
    if percent > 50:
        return f"Most {who} ({percent}%)"
    if percent == 50:
        return f"Half of {who} (50%)"
    return f"{percent}% of {who}"


def _of_those(percent: int) -> str:
    """The same, after "Of the 156 patients who ...,": "most (52%)", "half (50%)", "42%"."""
    if percent > 50:
        return f"most ({percent}%)"
    if percent == 50:
        return "half (50%)"
    return f"{percent}%"


def _plain(label: str) -> str:
    """A scale point as a sentence says it: "5 (Excellent)" -> "excellent", "Very easy" ->
    "very easy"; an acronym or a proper name stays as written."""
    match = _POINT_WORD.match(label)
    word = match.group(1) if match else label.strip()
    if len(word) > 1 and word[0].isupper() and word[1].islower():
        return word[0].lower() + word[1:]
    return word


def _ending(base: int, small: bool) -> str:
    return f"; base {base}{SMALL_BASE_WARNING if small else ''}."


def largest_answer(
    table: AppendixTable, definition: Questionnaire, small_base: int = 10
) -> Finding | None:
    """The answer given most often: over every response to the questionnaire, or, for a
    follow-up, over those it was for. None when nobody chose or wrote an answer."""
    routed = table.routed_base is not None
    row = _largest_row(table, routed)
    if row is None:
        return None
    who = respondents(definition)
    verb = "ticked" if table.multiple else "answered"
    said = f"{verb} '{row.label}' to '{table.title}'"
    if routed:
        base, count = table.routed_base or 0, row.routed_count or 0
        percent = row.routed_percent or 0
        text = f"Of the {base} {who} who {table.routed_who}, {_of_those(percent)} {said}"
    else:
        base, count, percent = table.base, row.count or 0, row.percent or 0
        text = f"{_share(percent, who)} {said}"
    if count == 0:
        return None
    small = base < small_base
    return Finding(
        key=f"{definition.key}.{table.question_id}.largest",
        text=text + _ending(base, small),
        base=base,
        questionnaire=definition.key,
        question_id=table.question_id,
        small_base=small,
    )


def top_two_finding(
    rows: pd.DataFrame, definition: Questionnaire, question: Question, small_base: int = 10
) -> Finding | None:
    """A rating scale's top two and bottom two boxes, over the responses that ticked a point of
    the scale (N/A and blanks left out); None when there are none."""
    summary = rating_summary(rows, definition, question.id, small_base)
    if summary.n == 0:
        return None
    top = " or ".join(_plain(label) for label in reversed(summary.top_two_labels))
    bottom = " or ".join(_plain(label) for label in summary.bottom_two_labels)
    small = summary.n < small_base
    text = (
        f"{_share(summary.top_two.percent, respondents(definition))} rated '{question.text}' "
        f"as {top}, and {summary.bottom_two.percent}% as {bottom}{_ending(summary.n, small)}"
    )
    return Finding(
        key=f"{definition.key}.{question.id}.top_two",
        text=text,
        base=summary.n,
        questionnaire=definition.key,
        question_id=question.id,
        small_base=small,
    )


def _largest_row(table: AppendixTable, routed: bool) -> TableRow | None:
    """The answer chosen or written by most (among those asked, for a follow-up)."""
    answers = [r for r in table.rows if r.kind in _ANSWER_KINDS]
    counted = [(r.routed_count if routed else r.count) or 0 for r in answers]
    if not answers or max(counted) == 0:
        return None
    return answers[counted.index(max(counted))]


# --- differences between groups ----------------------------------------------------------------


def notable_comparisons(
    frame: pd.DataFrame, definition: Questionnaire, small_base: int = 10, limit: int = 3
) -> list[tuple[Finding, Crosstab]]:
    """Headlines on the crosstabs that show a difference beyond chance: each rating scale by
    each single-choice question of the same questionnaire, the ``limit`` clearest first, each
    with the crosstab it rests on. Tables on fewer than ``small_base`` answers are not tested."""
    return _notable(QuestionRows(frame), definition, small_base, limit)


def _notable(
    split: QuestionRows, definition: Questionnaire, small_base: int, limit: int
) -> list[tuple[Finding, Crosstab]]:
    scales = [q for q in definition.questions() if q.type == "scale" and has_boxes(q)]
    groups = [
        q
        for q in definition.questions()
        if q.type == "single" and 1 < len(q.options) <= MAX_GROUPS and not _shared(definition, q)
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
                text=_difference(definition, scale, group, table),
                base=table.n,
                questionnaire=definition.key,
                question_id=scale.id,
                kind="difference",
            ),
            table,
        )
        for _p, scale, group, table in sorted(found, key=lambda item: item[0])[:limit]
    ]


def _difference(
    definition: Questionnaire, scale: Question, group: Question, table: Crosstab
) -> str:
    """ "Patients who answered 'GP' to 'Who referred you ...?' rated '...' higher (83% good or
    excellent) than those who answered 'Self-referral' (0%); unlikely to be chance
    (chi-square p < 0.001); base 60." """
    points = scale_points(scale)
    top = {points[0].table_text, points[1].table_text}
    shares = []
    for label, counts in zip(table.row_labels, table.counts, strict=True):
        total = sum(counts)
        good = sum(c for c, col in zip(counts, table.column_labels, strict=True) if col in top)
        shares.append((round(100 * good / total) if total else 0, label))
    (high, high_label), (low, low_label) = max(shares), min(shares)
    words = " or ".join(_plain(p.table_text) for p in reversed(points[:2]))
    test = f"{table.test} {format_p(table.p_value)}" if table.p_value is not None else table.test
    return (
        f"{respondents(definition).capitalize()} who answered '{high_label}' to '{group.text}' "
        f"rated '{scale.text}' higher ({high}% {words}) than those who answered '{low_label}' "
        f"({low}%); unlikely to be chance ({test}){_ending(table.n, False)}"
    )


def _shared(definition: Questionnaire, question: Question) -> bool:
    section = definition.section_of(question.id)
    return section is not None and section.shared


def _latest_versions(definitions: Sequence[Questionnaire]) -> list[Questionnaire]:
    """One definition per key, the highest version, in the order the keys first appear."""
    latest: dict[str, Questionnaire] = {}
    for definition in definitions:
        kept = latest.get(definition.key)
        if kept is None or definition.version > kept.version:
            latest[definition.key] = definition
    return list(latest.values())
