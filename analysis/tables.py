"""Appendix tables: one table per closed question, as the Bromley report's appendices print them.

Conventions (DESIGN.md, "Appendix tables"): the title is the printed wording, the columns are No.
and %, % is a whole number of the table's base rounded half up (2 of 16 is 13%), the base is every
response to the instrument, blanks are a ``Left blank`` row, the texts written after "Other (please
specify)" are rows of their own (an "Other" with nothing written is ``Other - Not specified``), and
a multiple-choice table says that its percentages can add past 100. Options: printed or frequency
order, small-number suppression, blanks excluded from the base.

Pure functions over the tidy answer frame (:mod:`analysis.frames`) and a questionnaire definition;
no I/O. The frame is never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.frames import check_tidy, rows_of
from analysis.results import AppendixTable, TableRow
from questionnaires.answers import STATE_LABELS
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
OTHER_NOT_SPECIFIED = "Other - Not specified"
LEFT_BLANK = STATE_LABELS["blank"]
MULTIPLE_NOTE = (
    "Respondents could choose more than one answer, so percentages can add up to more than 100%."
)
#: Answer states other than answered and blank that get a row of their own, in this order.
STATE_ROWS = tuple(
    (state, STATE_LABELS[state]) for state in ("multiple_ticked", "unreadable", "not_applicable")
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


def normalise_text(text: str) -> str:
    """A written answer compared without case and with runs of whitespace as one space."""
    return " ".join(text.split()).casefold()


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
    counts in that option. Percentages are of the base, rounded half up.
    """
    question = tabulated_question(definition, question_id)
    _check_order(order)
    responses = instrument_rows(frame, definition)["response_id"].nunique()
    rows = question_rows(frame, definition, question)
    layout = _Layout(order, exclude_blank, suppression, _groups(other_groups))
    return _table(rows, responses, definition, question, layout)


def appendix_tables(
    frame: pd.DataFrame,
    definition: Questionnaire,
    *,
    order: Order = "printed",
    exclude_blank: bool = False,
    suppression: Suppression | None = None,
    other_groups: Mapping[str, str] | None = None,
) -> list[AppendixTable]:
    """Every appendix table of ``definition`` (the appendices of a report): one per closed
    question, in printed order, with the options of :func:`appendix_table` applied to each.

    The frame is read once: its rows are split by question before counting.
    """
    _check_order(order)
    rows = instrument_rows(frame, definition)
    responses = rows["response_id"].nunique()
    positions = rows.groupby(rows["question_id"].astype(object), sort=False).indices
    layout = _Layout(order, exclude_blank, suppression, _groups(other_groups))
    tables = []
    for question in definition.questions():
        if question.type not in TABULATED_TYPES:
            continue
        ids = [question.id, *question.replaces]
        found = [positions[i] for i in ids if i in positions]
        own = rows.iloc[np.sort(np.concatenate(found))] if found else rows.iloc[0:0]
        tables.append(_table(own, responses, definition, question, layout))
    return tables


# --- counting ---------------------------------------------------------------------------------

_Key = tuple[str, str]  # (kind, code or label)
_Entry = tuple[str, str, int]  # (kind, label, count)


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
) -> AppendixTable:
    """The table of ``question`` from its own answer rows and the instrument's response count."""
    counts = _tally(rows, question, layout.groups)
    blank = counts.get(("blank", LEFT_BLANK), 0)
    base = responses - blank if layout.exclude_blank else responses
    entries = _answer_entries(question, counts)
    if layout.order == "frequency":
        entries = sorted((e for e in entries if e[2] > 0), key=lambda e: -e[2])
    entries += [(s, label, counts[(s, label)]) for s, label in STATE_ROWS if (s, label) in counts]
    if blank and not layout.exclude_blank:
        entries.append(("blank", LEFT_BLANK, blank))
    suppression = layout.suppression
    return AppendixTable(
        questionnaire=definition.key,
        question_id=question.id,
        number=question.number,
        title=question.text,
        rows=tuple(_row(kind, label, count, base, suppression) for kind, label, count in entries),
        base=base,
        multiple=question.type == "multiple",
        notes=_notes(definition, question, base, blank, layout.exclude_blank, suppression),
    )


def _groups(other_groups: Mapping[str, str] | None) -> dict[str, str]:
    return {normalise_text(raw): label for raw, label in (other_groups or {}).items()}


def _tally(rows: pd.DataFrame, question: Question, groups: Mapping[str, str]) -> dict[_Key, int]:
    """Distinct responses per row of the table: a response counts once in each row it gives.

    Each distinct combination of state, code, written text and label is classified once (see
    :func:`_classify`); the rows are then counted with numpy, so a large frame stays fast.
    """
    if rows.empty:
        return {}
    fields = _FIELDS + (("number",) if question.type == "range" else ())
    combination, combinations = _combinations(rows, fields)
    found: dict[_Key, int] = {}
    key_of = np.array(
        [
            -1 if key is None else found.setdefault(key, len(found))
            for key in (
                _classify(dict(zip(fields, values, strict=True)), question, groups)
                for values in combinations
            )
        ],
        dtype=np.int64,
    )
    key_ids = key_of[combination]
    responses, _ = pd.factorize(rows["response_id"], use_na_sentinel=True)
    kept = (key_ids >= 0) & (responses >= 0)
    responses, key_ids = responses[kept], key_ids[kept]
    width = int(responses.max()) + 1 if kept.any() else 1
    if np.bincount(responses, minlength=1).max(initial=0) > 1:  # a response with several rows
        key_ids = np.unique(key_ids * width + responses) // width
    sizes = np.bincount(key_ids, minlength=len(found))
    return {key: int(sizes[i]) for key, i in found.items() if sizes[i]}


_FIELDS = ("state", "value_code", "other_text", "value_label")


def _combinations(rows: pd.DataFrame, fields: tuple[str, ...]) -> tuple[np.ndarray, list[tuple]]:
    """Per row, the number of its combination of ``fields``; and each combination's values."""
    codes, uniques = [], []
    for field in fields:
        column_codes, column_uniques = pd.factorize(rows[field], use_na_sentinel=True)
        codes.append(column_codes + 1)  # 0: missing
        uniques.append([None, *column_uniques])
    sizes = tuple(len(u) for u in uniques)
    if math.prod(sizes) < 2**62:
        combination, distinct = pd.factorize(np.ravel_multi_index(tuple(codes), sizes))
        positions = np.unravel_index(np.asarray(distinct), sizes)
    else:  # pragma: no cover - only with millions of distinct texts and labels
        distinct_rows, combination = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
        positions = tuple(distinct_rows.T)
        combination = combination.reshape(-1)
    count = len(positions[0])
    values = [tuple(uniques[f][positions[f][i]] for f in range(len(fields))) for i in range(count)]
    return combination, values


def _classify(
    values: Mapping[str, Any], question: Question, groups: Mapping[str, str]
) -> _Key | None:
    """Which row of the table an answer goes in, as (kind, option code or label); None: none."""
    state = _text(values["state"]) or "answered"
    if state != "answered":
        return (state, _STATE_LABELS.get(state, state))
    code = _text(values["value_code"])
    if question.type == "range":
        code = _point(code, values.get("number"))
    other_text = _text(values["other_text"])
    other = question.other_option
    if other is not None and (code == other.code or (not code and other_text)):
        return _other_key(other_text, question, groups)
    if code in _plain_codes(question):
        return ("option", code)
    label = _text(values["value_label"]) or code
    return ("unknown", label) if label else None


_STATE_LABELS = dict(STATE_ROWS) | {"blank": LEFT_BLANK}


def _other_key(other_text: str, question: Question, groups: Mapping[str, str]) -> _Key:
    written = " ".join(other_text.split())
    if not written:
        return ("other_not_specified", OTHER_NOT_SPECIFIED)
    label = groups.get(normalise_text(written), written)
    printed = next((o for o in question.options if o.label == label and not o.other), None)
    return ("option", printed.code) if printed else ("other_text", label)


def _point(code: str, number: Any) -> str:
    """The point of a range answer as text ("7"), from its code ("7", "7.0") or its number."""
    try:
        value = float(code) if code else float(number)
    except (TypeError, ValueError):
        return code
    return str(int(value)) if value.is_integer() else code


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value).strip()


def _plain_codes(question: Question) -> list[str]:
    """The codes counted as printed options: every option but Other, or a range's points."""
    if question.type == "range":
        return _range_codes(question)
    return [o.code for o in question.options if not o.other]


def _range_codes(question: Question) -> list[str]:
    return [str(point) for point in question.range_points()]


def _answer_entries(question: Question, counts: Mapping[_Key, int]) -> list[_Entry]:
    """The answer rows in printed order, the written "Other" answers at the Other option."""
    entries: list[_Entry] = []
    if question.type == "range":
        choices = [(code, code, False) for code in _range_codes(question)]
    else:
        choices = [(o.code, o.label, o.other) for o in question.options]
    for code, label, other in choices:
        if not other:
            entries.append(("option", label, counts.get(("option", code), 0)))
            continue
        written = sorted(
            ((k[1], n) for k, n in counts.items() if k[0] == "other_text"),
            key=lambda t: (-t[1], t[0].casefold()),
        )
        entries += [("other_text", text, n) for text, n in written]
        unspecified = counts.get(("other_not_specified", OTHER_NOT_SPECIFIED), 0)
        if unspecified or not written:
            entries.append(("other_not_specified", OTHER_NOT_SPECIFIED, unspecified))
    unknown = sorted(
        ((k[1], n) for k, n in counts.items() if k[0] == "unknown"), key=lambda t: -t[1]
    )
    return entries + [("option", label, n) for label, n in unknown]


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
