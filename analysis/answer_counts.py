"""Counting the rows of an appendix table: which row each answer goes in (a printed option, a
text written after "Other", ``Other - Not specified``, a state such as ``Left blank``), and how many
distinct responses each row holds.

Each distinct combination of state, code, written text and label is classified once; the rows are
then counted with numpy, so a study of a million answers is counted in a few array operations.
Pure functions; :mod:`analysis.tables` lays the counts out as tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from questionnaires.answers import STATE_LABELS
from questionnaires.model import Question

OTHER_NOT_SPECIFIED = "Other - Not specified"
LEFT_BLANK = STATE_LABELS["blank"]
#: Answer states other than answered and blank that get a row of their own, in this order.
STATE_ROWS = tuple(
    (state, STATE_LABELS[state]) for state in ("multiple_ticked", "unreadable", "not_applicable")
)


def normalise_text(text: str) -> str:
    """A written answer compared without case and with runs of whitespace as one space."""
    return " ".join(text.split()).casefold()


#: A counted frame's column (answers counted in the database, one row per distinct combination
#: of state, code, written text and number): how many responses gave that combination.
RESPONSES = "responses"

Key = tuple[str, str]  # (kind, code or label)
Entry = tuple[str, str, int, Key]  # (kind, label, count, what it counts)


def grouping(other_groups: Mapping[str, str] | None) -> dict[str, str]:
    """Staff's grouping of written answers, keyed by the answer as compared (normalise_text)."""
    return {normalise_text(raw): label for raw, label in (other_groups or {}).items()}


def count_answers(
    rows: pd.DataFrame, question: Question, groups: Mapping[str, str]
) -> dict[Key, int]:
    """Distinct responses per row of the table: a response counts once in each row it gives.

    Each distinct combination of state, code, written text and label is classified once (see
    :func:`_classify`); the rows are then counted with numpy, so a large frame stays fast.
    Written answers that differ only in case or spacing are one row, shown as first written.

    ``rows`` may instead be counted already (a ``responses`` column: how many responses gave
    each row); the counts of the combinations in a table row are then added up. A response
    gives one combination per question (one per option ticked), so the sum is the number of
    responses, as long as no response has two rows landing in the same table row.
    """
    if rows.empty:
        return {}
    fields = _FIELDS + (("number",) if question.type == "range" else ())
    combination, combinations = _combinations(rows, fields)
    found: dict[Key, int] = {}
    spelling: dict[str, str] = {}

    def one_spelling(key: Key | None) -> Key | None:
        if key is None or key[0] != "other_text":
            return key
        return (key[0], spelling.setdefault(normalise_text(key[1]), key[1]))

    key_of = np.array(
        [
            -1 if key is None else found.setdefault(key, len(found))
            for key in (
                one_spelling(_classify(dict(zip(fields, values, strict=True)), question, groups))
                for values in combinations
            )
        ],
        dtype=np.int64,
    )
    key_ids = key_of[combination]
    if RESPONSES in rows.columns:
        kept = key_ids >= 0
        weights = rows[RESPONSES].to_numpy(dtype=np.int64)[kept]
        sizes = np.bincount(key_ids[kept], weights=weights, minlength=len(found))
        return {key: int(sizes[i]) for key, i in found.items() if sizes[i]}
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
) -> Key | None:
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
        if other.lists_write_in:
            return ("option", other.code)  # what was written is listed under the table
        return _other_key(other_text, question, groups)
    if code in _plain_codes(question):
        return ("option", code)
    label = _text(values["value_label"]) or code
    return ("unknown", label) if label else None


_STATE_LABELS = dict(STATE_ROWS) | {"blank": LEFT_BLANK}


def _other_key(other_text: str, question: Question, groups: Mapping[str, str]) -> Key:
    written = " ".join(other_text.split())
    if not written:
        return ("other_not_specified", OTHER_NOT_SPECIFIED)
    label = groups.get(normalise_text(written), written)
    printed = next(
        (o for o in question.options if label in (o.label, o.table_text) and not o.other), None
    )
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
    """The codes counted as printed options: every option but an Other whose written words
    become rows, or a range's points."""
    if question.type == "range":
        return _range_codes(question)
    return [o.code for o in question.options if not o.other or o.lists_write_in]


def _range_codes(question: Question) -> list[str]:
    return [str(point) for point in question.range_points()]


def answer_entries(question: Question, counts: Mapping[Key, int]) -> list[Entry]:
    """The answer rows in printed order, the written "Other" answers at the Other option.

    ``Other - Not specified`` only stands beside rows of what others wrote; when nobody wrote
    anything, the Other option prints as its label with its count, as the report does."""
    entries: list[Entry] = []
    if question.type == "range":
        choices = [(code, code, False) for code in _range_codes(question)]
    else:
        choices = [
            (o.code, o.table_text, o.other and not o.lists_write_in) for o in question.options
        ]
    unspecified_key = ("other_not_specified", OTHER_NOT_SPECIFIED)
    for code, label, written_rows in choices:
        if not written_rows:
            entries.append(("option", label, counts.get(("option", code), 0), ("option", code)))
            continue
        written = sorted(
            ((k[1], n) for k, n in counts.items() if k[0] == "other_text"),
            key=lambda t: (-t[1], t[0].casefold()),
        )
        entries += [("other_text", text, n, ("other_text", text)) for text, n in written]
        unspecified = counts.get(unspecified_key, 0)
        if not written:
            entries.append(("option", label, unspecified, unspecified_key))
        elif unspecified:
            kind = "other_not_specified"
            entries.append((kind, OTHER_NOT_SPECIFIED, unspecified, unspecified_key))
    unknown = sorted(
        ((k[1], n) for k, n in counts.items() if k[0] == "unknown"), key=lambda t: -t[1]
    )
    return entries + [("option", label, n, ("unknown", label)) for label, n in unknown]
