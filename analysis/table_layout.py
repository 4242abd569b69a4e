"""How an appendix table is laid out once its answers are counted: the rows in printed or
frequency order, ``Left blank`` and the paper states after them, percentages of the base rounded
half up, small numbers suppressed, the notes under the table, the follow-up's second base and the
written answers listed under an option. Shared by the tables worked out from the tidy frame and
those counted in the database (:mod:`analysis.tables`). Pure functions; no I/O.
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
    RESPONSES,
    STATE_ROWS,
    answer_entries,
    count_answers,
    normalise_text,
)
from analysis.results import AppendixTable, TableRow, WrittenAnswers
from questionnaires.model import Question, Questionnaire

__all__ = [
    "MULTIPLE_NOTE",
    "NHS_DISCLOSURE",
    "Layout",
    "Order",
    "Routed",
    "Suppression",
    "base_notes",
    "check_order",
    "percent_half_up",
    "suppression_marking",
    "survey_name",
    "table",
    "table_row",
    "with_routed",
    "written_answers",
]

MULTIPLE_NOTE = (
    "Respondents could choose more than one answer, so percentages can add up to more than 100%."
)
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


@dataclass(frozen=True)
class Layout:
    """How staff asked for a table: its order, whether blanks leave the base, suppression of
    small numbers, and their grouping of written answers (compared as ``normalise_text``)."""

    order: Order
    exclude_blank: bool
    suppression: Suppression | None
    groups: Mapping[str, str]


@dataclass(frozen=True)
class Routed:
    """A follow-up's own rows among those it was for, how many those are, and who they are."""

    rows: pd.DataFrame
    base: int
    who: str


def check_order(order: str) -> None:
    """ValueError naming the orders there are, for any other."""
    if order not in ("printed", "frequency"):
        raise ValueError(f"Unknown table order {order!r}: use 'printed' or 'frequency'")


def table(
    rows: pd.DataFrame,
    responses: int,
    definition: Questionnaire,
    question: Question,
    layout: Layout,
    routed: Routed | None = None,
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
    notes = base_notes(definition, question, base, blank, layout.exclude_blank, suppression)
    table_rows = [
        table_row(kind, label, count, base, suppression) for kind, label, count, _ in entries
    ]
    routed_base = None
    if routed is not None:
        # The same rows counted again over those the question was for: "% of those asked".
        asked = count_answers(routed.rows, question, layout.groups)
        routed_base = routed.base
        table_rows = [
            with_routed(row, asked.get(key, 0), routed_base, suppression)
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
        written=written_answers(rows, question, layout),
        routed_base=routed_base,
        routed_who=routed.who if routed is not None else None,
    )


def with_routed(row: TableRow, count: int, base: int, suppression: Suppression | None) -> TableRow:
    """``row`` with its count and percent among those the question was for."""
    if suppression is not None and 0 < count < suppression.threshold:
        return dataclasses.replace(row, routed_count=None, routed_percent=None)
    return dataclasses.replace(row, routed_count=count, routed_percent=percent_half_up(count, base))


def written_answers(
    rows: pd.DataFrame, question: Question, layout: Layout
) -> WrittenAnswers | None:
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
    # Spellings differing only in case or spaces are one answer, shown as first written; a
    # counted frame says how many responses wrote each, a tidy one which.
    counted = RESPONSES in chosen.columns
    givers = chosen[RESPONSES] if counted else chosen["response_id"]
    by_text: dict[str, tuple[str, set, int]] = {}
    for giver, text in zip(givers, chosen["other_text"], strict=True):
        written = " ".join(str(text).split())
        if written:
            label = layout.groups.get(normalise_text(written), written)
            _, found, n = by_text.setdefault(normalise_text(label), (label, set(), 0))
            if counted:
                by_text[normalise_text(label)] = (label, found, n + int(giver))
            else:
                found.add(giver)
    sizes = [(label, n if counted else len(found)) for label, found, n in by_text.values()]
    ordered = sorted(sizes, key=lambda item: (-item[1], item[0].casefold()))
    return WrittenAnswers(
        under=other.table_text,
        answers=tuple(
            table_row("other_text", text, n, n, layout.suppression) for text, n in ordered
        ),
    )


def table_row(
    kind: str, label: str, count: int, base: int, suppression: Suppression | None
) -> TableRow:
    if suppression is not None and 0 < count < suppression.threshold:
        return TableRow(label=label, count=None, percent=None, shown=suppression.mark, kind=kind)
    return TableRow(
        label=label, count=count, percent=percent_half_up(count, base), shown=str(count), kind=kind
    )


def base_notes(
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
