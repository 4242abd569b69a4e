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
no I/O. The frame is never mutated. ``counted_tables`` makes the same tables from answers the
database has already counted (``CountedAnswers``), for a workbook of a million responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.answer_counts import (
    LEFT_BLANK,
    OTHER_NOT_SPECIFIED,
    RESPONSES,
    grouping,
    normalise_text,
)
from analysis.frames import QuestionRows, check_tidy, rows_of
from analysis.results import AppendixTable
from analysis.routing import condition_wording, routing
from analysis.table_layout import (
    MULTIPLE_NOTE,
    NHS_DISCLOSURE,
    Layout,
    Order,
    Routed,
    Suppression,
    check_order,
    percent_half_up,
    suppression_marking,
    survey_name,
    table,
)
from questionnaires.model import Question, Questionnaire

__all__ = [
    "COUNTED_COLUMNS",
    "LEFT_BLANK",
    "MULTIPLE_NOTE",
    "NHS_DISCLOSURE",
    "OTHER_NOT_SPECIFIED",
    "TABULATED_TYPES",
    "CountedAnswers",
    "Suppression",
    "appendix_table",
    "appendix_tables",
    "counted_tables",
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
_NOT_TABULATED = {
    "text": "its answers are themed, not tabulated",
    "textarea": "its answers are themed, not tabulated",
    "grid": "its cells are summed, not tabulated",
    "number": "its answers are summarised as numbers, not tabulated",
    "date": "its answers are dates, not tabulated",
    "info": "it prints information and takes no answer",
}


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
    check_order(order)
    everyone = instrument_rows(frame, definition)
    split = QuestionRows(everyone)
    rows = split.rows(question.id, *question.replaces)
    layout = Layout(order, exclude_blank, suppression, grouping(other_groups))
    responses = everyone["response_id"].unique()
    routed = _routed(split, responses, question, definition)
    return table(rows, len(responses), definition, question, layout, routed)


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
    check_order(order)
    everyone = instrument_rows(frame, definition)
    split = QuestionRows(everyone)
    responses = everyone["response_id"].unique()
    groups = other_groups or {}
    tables = []
    for question in definition.questions():
        if question.type not in TABULATED_TYPES:
            continue
        own = split.rows(question.id, *question.replaces)
        layout = Layout(order, exclude_blank, suppression, grouping(groups.get(question.id)))
        routed = _routed(split, responses, question, definition)
        tables.append(table(own, len(responses), definition, question, layout, routed))
    return tables


#: What a counted frame holds: one row per distinct answer of a question (its state, code,
#: written "Other" text and number, with the printed label of the code), and how many
#: responses gave it, in all and among those a follow-up was for.
COUNTED_COLUMNS = (
    "question_id",
    "state",
    "value_code",
    "value_label",
    "other_text",
    "number",
    RESPONSES,
    "routed_responses",
)


@dataclass(frozen=True)
class CountedAnswers:
    """An instrument's answers counted where they are stored (a GROUP BY in the database), for
    tables of a study too large to read answer by answer: ``counts`` in ``COUNTED_COLUMNS``,
    ``responses`` the instrument's base, ``routed_bases`` how many responses each follow-up
    question (by id) was for."""

    responses: int
    counts: pd.DataFrame
    routed_bases: Mapping[str, int]


def counted_tables(
    counted: CountedAnswers,
    definition: Questionnaire,
    *,
    order: Order = "printed",
    exclude_blank: bool = False,
    suppression: Suppression | None = None,
    other_groups: Mapping[str, Mapping[str, str]] | None = None,
) -> list[AppendixTable]:
    """The tables of :func:`appendix_tables`, from answers counted in the database rather than
    from the tidy frame: the same rows, counts, bases and notes."""
    check_order(order)
    missing = [c for c in COUNTED_COLUMNS if c not in counted.counts.columns]
    if missing:
        raise ValueError(f"The counted answers lack the column(s) {', '.join(missing)}")
    split = QuestionRows(counted.counts, tidy=False)
    groups = other_groups or {}
    tables = []
    for question in definition.questions():
        if question.type not in TABULATED_TYPES:
            continue
        own = split.rows(question.id, *question.replaces)
        layout = Layout(order, exclude_blank, suppression, grouping(groups.get(question.id)))
        routed = None
        if question.show_if is not None:
            asked = own.loc[own["routed_responses"] > 0].assign(
                **{RESPONSES: lambda rows: rows["routed_responses"]}
            )
            who = condition_wording(definition, question.show_if)
            routed = Routed(asked, counted.routed_bases.get(question.id, 0), who)
        tables.append(table(own, counted.responses, definition, question, layout, routed))
    return tables


def _routed(
    split: QuestionRows, responses: np.ndarray, question: Question, definition: Questionnaire
) -> Routed | None:
    found = routing(split, responses, definition, question)
    if found is None:
        return None
    own = split.rows(question.id, *question.replaces)
    asked = own.loc[own["response_id"].isin(found.responses)]
    return Routed(asked, found.base, found.who)
