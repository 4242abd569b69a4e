"""Crosstabs: one closed question by another of the same questionnaire (e.g. the patients'
overall rating by who referred them), with row and column percents and a test of association.

Pure: a tidy answer frame (``analysis.frames``) and the questionnaire definition in, a
``Crosstab`` out. Versions of the questionnaire in the frame pool: a question keeps its id across
versions; pass a frame of one version to keep them apart.
"""

from __future__ import annotations

import pandas as pd

from analysis.frames import check_tidy
from analysis.results import Crosstab, Proportion
from analysis.stats import (
    CHI_SQUARE,
    NO_TEST,
    association_test,
    plain_english,
    proportion,
    sparse,
)
from questionnaires.model import Question, Questionnaire

__all__ = ["COLUMN_TYPES", "ROW_TYPES", "crosstab"]

ROW_TYPES = frozenset({"single", "scale", "range"})
"""Question types that can make the rows of a crosstab: one answer per response."""

COLUMN_TYPES = ROW_TYPES | {"multiple"}
"""Question types that can make its columns: a multiple choice counts each ticked option."""


def _closed_question(definition: Questionnaire, question_id: str, types: frozenset) -> Question:
    """The question ``question_id`` of ``definition``, if it is of one of ``types``."""
    question = definition.question(question_id)
    if question is None:
        raise KeyError(f"{definition.label} has no question '{question_id}'")
    if question.type not in types:
        allowed = ", ".join(sorted(types))
        raise ValueError(
            f"'{question_id}' is a {question.type} question; a crosstab needs one of {allowed}"
        )
    return question


def _printed_categories(question: Question) -> list[tuple[str, str]]:
    """(code, label) of every answer a question offers, in printed order (0..10 for a range)."""
    if question.type == "range":
        return [(str(point), str(point)) for point in question.range_points()]
    return [(option.code, option.table_text) for option in question.options]


def _answers(frame: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """(response_id, code, label) of each answered value of ``question_id``, once each."""
    rows = frame[
        (frame["question_id"] == question_id)
        & (frame["state"] == "answered")
        & frame["value_code"].notna()
    ]
    answers = pd.DataFrame(
        {
            "response_id": rows["response_id"],
            "code": rows["value_code"].astype(str),
            "label": rows["value_label"],
        }
    )
    return answers.drop_duplicates(["response_id", "code"])


def _categories(question: Question, answers: pd.DataFrame) -> list[tuple[str, str]]:
    """Printed categories, then any code the frame holds that this version does not print
    (an older version's option), labelled as the frame labels it."""
    printed = _printed_categories(question)
    known = {code for code, _ in printed}
    extra = answers[~answers["code"].isin(known)].drop_duplicates("code")
    return printed + [
        (code, str(label) if pd.notna(label) else code)
        for code, label in zip(extra["code"], extra["label"], strict=True)
    ]


def _cell_percents(
    counts: list[list[int]], bases: list[int], small_base: int, by_row: bool
) -> tuple[tuple[Proportion, ...], ...]:
    """Each cell as a Proportion of its row's (``by_row``) or its column's base."""
    return tuple(
        tuple(
            proportion(cell, bases[r] if by_row else bases[c], small_base)
            for c, cell in enumerate(row)
        )
        for r, row in enumerate(counts)
    )


def crosstab(
    frame: pd.DataFrame,
    definition: Questionnaire,
    row_question: str,
    column_question: str,
    small_base: int = 10,
) -> Crosstab:
    """The crosstab of a report's "compare" figure: ``row_question`` by ``column_question``.

    Counts responses answering both (left blank, more than one ticked or unreadable on either
    side: left out), labels in printed order, without answers nobody gave. A row's base is the
    responses in that row; a column's base those in that column. ``n`` is the responses in the
    table. A multiple-choice column question counts each ticked option, so a row's percents can
    add past 100 and no test is run (the cells are not independent counts).
    Unknown questions raise KeyError; questions that are not closed, ValueError.
    """
    check_tidy(frame)
    if row_question == column_question:
        raise ValueError("A crosstab needs two different questions")
    rows_q = _closed_question(definition, row_question, ROW_TYPES)
    columns_q = _closed_question(definition, column_question, COLUMN_TYPES)
    own = frame[frame["questionnaire"] == definition.key]
    row_answers = _answers(own, row_question)
    column_answers = _answers(own, column_question)
    both = row_answers.merge(column_answers, on="response_id", suffixes=("_row", "_column"))
    n = int(both["response_id"].nunique())

    cells = both.groupby(["code_row", "code_column"]).size().to_dict()
    row_bases = both.groupby("code_row")["response_id"].nunique().to_dict()
    column_bases = both.groupby("code_column")["response_id"].nunique().to_dict()
    row_categories = [c for c in _categories(rows_q, row_answers) if c[0] in row_bases]
    column_categories = [c for c in _categories(columns_q, column_answers) if c[0] in column_bases]
    counts = [[int(cells.get((r, c), 0)) for c, _ in column_categories] for r, _ in row_categories]
    row_totals = [int(row_bases[r]) for r, _ in row_categories]
    column_totals = [int(column_bases[c]) for c, _ in column_categories]

    if columns_q.type == "multiple":
        test, statistic, p_value = NO_TEST, None, None
        sentence = (
            f"No test: people could tick more than one answer to the second question (n = {n})."
        )
    else:
        test, statistic, p_value = association_test(counts)
        sentence = plain_english(test, p_value, n)
        if test == CHI_SQUARE and sparse(counts):
            sentence += " Many cells hold few answers, so read this p-value as approximate."
    return Crosstab(
        row_question=row_question,
        column_question=column_question,
        row_labels=tuple(label for _, label in row_categories),
        column_labels=tuple(label for _, label in column_categories),
        counts=tuple(tuple(row) for row in counts),
        row_percents=_cell_percents(counts, row_totals, small_base, by_row=True),
        column_percents=_cell_percents(counts, column_totals, small_base, by_row=False),
        test=test,
        statistic=statistic,
        p_value=p_value,
        sentence=sentence,
        n=n,
        small_base=n < small_base,
        row_title=rows_q.text,
        column_title=columns_q.text,
    )
