"""Appendix tables: one table per closed question, as the Bromley report's appendices print them.

Conventions (DESIGN.md, "Appendix tables"): the title is the printed wording, the columns are No.
and %, % is a whole number of the table's base rounded half up (2 of 16 is 13%), the base is every
response to the instrument, blanks are a ``Left blank`` row, the texts written after "Other (please
specify)" are rows of their own (beside them, an "Other" with nothing written is ``Other - Not
specified``; when nobody wrote anything the option prints as its label) unless the definition lists
an option's written words under the table (``write_in: listed``: "On behalf of someone else 17"),
options print their ``table_label`` where they have one, and a multiple-choice table says that its
percentages can add past 100. Options: printed or frequency
order, small-number suppression, blanks excluded from the base.

Pure functions over the tidy answer frame (:mod:`analysis.frames`) and a questionnaire definition;
no I/O. The frame is never mutated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import pandas as pd

from analysis.answer_counts import (
    LEFT_BLANK,
    OTHER_NOT_SPECIFIED,
    STATE_ROWS,
    answer_entries,
    count_answers,
    grouping,
    normalise_text,
)
from analysis.frames import QuestionRows, check_tidy, rows_of
from analysis.results import AppendixTable, TableRow, WrittenAnswers
from analysis.routing import Routing, routing
from questionnaires.model import Question, Questionnaire

__all__ = [
    "LEFT_BLANK",
    "MULTIPLE_NOTE",
    "NHS_DISCLOSURE",
    "OTHER_NOT_SPECIFIED",
    "TABULATED_TYPES",
    "Suppression",
    "appendix_table",
    "appendix_tables",
    "instrument_rows",
    "normalise_text",
    "percent_half_up",
    "question_rows",
    "suppression_marking",
    "survey_name",
    "tabulated_question",
]

#: Question types that have a table: the closed questions.
TABULATED_TYPES = ("single", "multiple", "scale", "range")
MULTIPLE_NOTE = (
    "Respondents could choose more than one answer, so percentages can add up to more than 100%."
)
_NOT_TABULATED = {
    "text": "its answers are themed, not tabulated",
    "textarea": "its answers are themed, not tabulated",
    "grid": "its cells are summed, not tabulated",
    "number": "its answers are summarised as numbers, not tabulated",
    "date": "its answers are dates, not tabulated",
    "info": "it prints information and takes no answer",
}

Order = Literal["printed", "frequency"]


def percent_half_up(count: int, base: int) -> int:
    """``count`` as a whole percent of ``base``, rounded half up (2 of 16 is 13, 1 of 16 is 6).

    The % column of every appendix table; a base of 0 gives 0.
    """
    if base == 0:
        return 0
    exact = Decimal(count) * 100 / Decimal(base)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Suppression:
    """Small-number suppression of an appendix table: counts from 1 to ``threshold - 1`` are
    shown as ``mark`` (0 stays 0), without a percent; ``rule`` is printed under the table."""

    threshold: int
    mark: str
    rule: str


NHS_DISCLOSURE = Suppression(
    5, "<5", "Counts from 1 to 4 are shown as <5 to protect identities (NHS disclosure control)."
)


def suppression_marking(threshold: int, mark: str = "*") -> Suppression:
    """A suppression rule for the appendix tables: counts under ``threshold`` shown as ``mark``."""
    if threshold < 2:
        raise ValueError(f"A suppression threshold must be 2 or more, not {threshold}")
    return Suppression(
        threshold,
        mark,
        f"Counts from 1 to {threshold - 1} are shown as {mark} to protect identities.",
    )


def survey_name(definition: Questionnaire) -> str:
    """How a base note names the instrument: ``patient survey``, ``link worker survey``."""
    return f"{definition.key.replace('_', ' ')} survey"


def tabulated_question(definition: Questionnaire, question_id: str) -> Question:
    """The closed question ``question_id`` of ``definition``; ValueError naming why not."""
    question = definition.question(question_id)
    if question is None:
        raise ValueError(f"{definition.label} has no question {question_id!r}")
    if question.type not in TABULATED_TYPES:
        reason = _NOT_TABULATED.get(question.type, "it has no table")
        article = "an" if question.type[0] in "aeiou" else "a"
        raise ValueError(
            f"Question {question_id!r} of {definition.label} is {article} {question.type} "
            f"question: {reason}"
        )
    return question


def instrument_rows(frame: pd.DataFrame, definition: Questionnaire) -> pd.DataFrame:
    """The rows of ``frame`` (checked tidy) answering ``definition.key``, in any version."""
    check_tidy(frame)
    return rows_of(frame, "questionnaire", definition.key)


def question_rows(
    frame: pd.DataFrame, definition: Questionnaire, question: Question
) -> pd.DataFrame:
    """The rows answering ``question``, including those under the ids it replaces."""
    rows = instrument_rows(frame, definition)
    return rows.loc[rows["question_id"].isin([question.id, *question.replaces])]


def appendix_table(
    frame: pd.DataFrame,
    definition: Questionnaire,
    question_id: str,
    *,
    order: Order = "printed",
    exclude_blank: bool = False,
    suppression: Suppression | None = None,
    other_groups: Mapping[str, str] | None = None,
) -> AppendixTable:
    """The appendix table of one closed question (Appendix 1, 5, 22, 25 of the Bromley report).

    ``frame`` is the tidy frame (several versions of the questionnaire pool); the base is every
    response to ``definition.key`` in it, less those left blank when ``exclude_blank``.
    ``order="printed"`` lists every option as printed (zero counts included), the written
    "Other" answers at the place of the Other option; ``order="frequency"`` lists the answers
    given, largest first, ties as printed. More than one ticked, Unreadable and Not applicable
    follow when any, and Left blank comes last. ``other_groups`` maps a written answer (compared
    without case or extra spaces) to the row it counts in; a group named like a printed option
    counts in that option. Percentages are of the base, rounded half up. A follow-up question
    (``show_if``) also gives each row's count and percent of those it was for
    (``routed_count``, ``routed_percent`` of ``routed_base``).
    """
    question = tabulated_question(definition, question_id)
    _check_order(order)
    everyone = instrument_rows(frame, definition)
    split = QuestionRows(everyone)
    rows = split.rows(question.id, *question.replaces)
    layout = _Layout(order, exclude_blank, suppression, grouping(other_groups))
    responses = everyone["response_id"].unique()
    routed = routing(split, responses, definition, question)
    return _table(rows, len(responses), definition, question, layout, routed)


def appendix_tables(
    frame: pd.DataFrame,
    definition: Questionnaire,
    *,
    order: Order = "printed",
    exclude_blank: bool = False,
    suppression: Suppression | None = None,
    other_groups: Mapping[str, Mapping[str, str]] | None = None,
) -> list[AppendixTable]:
    """Every appendix table of ``definition`` (the appendices of a report): one per closed
    question, in printed order, with the options of :func:`appendix_table` applied to each;
    ``other_groups`` holds each question's grouping of written answers, by question id.

    The frame is read once: its rows are split by question before counting.
    """
    _check_order(order)
    everyone = instrument_rows(frame, definition)
    split = QuestionRows(everyone)
    responses = everyone["response_id"].unique()
    groups = other_groups or {}
    tables = []
    for question in definition.questions():
        if question.type not in TABULATED_TYPES:
            continue
        own = split.rows(question.id, *question.replaces)
        layout = _Layout(order, exclude_blank, suppression, grouping(groups.get(question.id)))
        routed = routing(split, responses, definition, question)
        tables.append(_table(own, len(responses), definition, question, layout, routed))
    return tables


# --- counting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    order: Order
    exclude_blank: bool
    suppression: Suppression | None
    groups: Mapping[str, str]


def _check_order(order: str) -> None:
    if order not in ("printed", "frequency"):
        raise ValueError(f"Unknown table order {order!r}: use 'printed' or 'frequency'")


def _table(
    rows: pd.DataFrame,
    responses: int,
    definition: Questionnaire,
    question: Question,
    layout: _Layout,
    routed: Routing | None = None,
) -> AppendixTable:
    """The table of ``question`` from its own answer rows and the instrument's response count."""
    counts = count_answers(rows, question, layout.groups)
    blank = counts.get(("blank", LEFT_BLANK), 0)
    base = responses - blank if layout.exclude_blank else responses
    entries = answer_entries(question, counts)
    if layout.order == "frequency":
        entries = sorted((e for e in entries if e[2] > 0), key=lambda e: -e[2])
    states = [(s, label) for s, label in STATE_ROWS if (s, label) in counts]
    entries += [(s, label, counts[(s, label)], (s, label)) for s, label in states]
    if blank and not layout.exclude_blank:
        entries.append(("blank", LEFT_BLANK, blank, ("blank", LEFT_BLANK)))
    suppression = layout.suppression
    notes = _notes(definition, question, base, blank, layout.exclude_blank, suppression)
    table_rows = [_row(kind, label, count, base, suppression) for kind, label, count, _ in entries]
    routed_base = None
    if routed is not None:
        # The same rows counted again over those the question was for: "% of those asked".
        own = rows.loc[rows["response_id"].isin(routed.responses)]
        asked = count_answers(own, question, layout.groups)
        routed_base = routed.base
        table_rows = [
            _with_routed(row, asked.get(key, 0), routed_base, suppression)
            for row, (_, _, _, key) in zip(table_rows, entries, strict=True)
        ]
        notes += (
            f"% of those asked: of the {routed_base} respondent"
            f"{'' if routed_base == 1 else 's'} who {routed.who}",
        )
    return AppendixTable(
        questionnaire=definition.key,
        question_id=question.id,
        number=question.number,
        title=question.text,
        rows=tuple(table_rows),
        base=base,
        multiple=question.type == "multiple",
        notes=notes,
        written=_written(rows, question, layout),
        routed_base=routed_base,
        routed_who=routed.who if routed is not None else None,
    )


def _with_routed(row: TableRow, count: int, base: int, suppression: Suppression | None) -> TableRow:
    """``row`` with its count and percent among those the question was for."""
    if suppression is not None and 0 < count < suppression.threshold:
        return dataclasses.replace(row, routed_count=None, routed_percent=None)
    return dataclasses.replace(row, routed_count=count, routed_percent=percent_half_up(count, base))


def _written(rows: pd.DataFrame, question: Question, layout: _Layout) -> WrittenAnswers | None:
    """What was written on the line of an option whose words are listed under its table: each
    text (grouped spellings as one) with the number of responses that wrote it."""
    other = question.other_option
    if other is None or not other.lists_write_in or rows.empty:
        return None
    code = rows["value_code"].astype(object)
    chosen = rows.loc[
        rows["state"].astype(object).eq("answered")
        & rows["other_text"].notna()
        & (code.eq(other.code) | code.isna())
    ]
    # Spellings differing only in case or spaces are one answer, shown as first written.
    by_text: dict[str, tuple[str, set]] = {}
    for response, text in zip(chosen["response_id"], chosen["other_text"], strict=True):
        written = " ".join(str(text).split())
        if written:
            label = layout.groups.get(normalise_text(written), written)
            by_text.setdefault(normalise_text(label), (label, set()))[1].add(response)
    ordered = sorted(by_text.values(), key=lambda item: (-len(item[1]), item[0].casefold()))
    return WrittenAnswers(
        under=other.table_text,
        answers=tuple(
            _row("other_text", text, len(found), len(found), layout.suppression)
            for text, found in ordered
        ),
    )


def _row(kind: str, label: str, count: int, base: int, suppression: Suppression | None) -> TableRow:
    if suppression is not None and 0 < count < suppression.threshold:
        return TableRow(label=label, count=None, percent=None, shown=suppression.mark, kind=kind)
    return TableRow(
        label=label, count=count, percent=percent_half_up(count, base), shown=str(count), kind=kind
    )


def _notes(
    definition: Questionnaire,
    question: Question,
    base: int,
    blank: int,
    exclude_blank: bool,
    suppression: Suppression | None,
) -> tuple[str, ...]:
    responses = f"{base} response{'' if base == 1 else 's'} to the {survey_name(definition)}"
    if exclude_blank:
        notes = [f"Base: {responses}, excluding {blank} left blank"]
    else:
        notes = [f"Base: all {responses}"]
    if question.type == "multiple":
        notes.append(MULTIPLE_NOTE)
    if suppression is not None:
        notes.append(suppression.rule)
    return tuple(notes)
