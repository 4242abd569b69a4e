"""The answer vocabulary: what one answer to a question can be, shared by everything that takes
answers (the online form, paper keying, imports), keeps them (the database) or counts them
(analysis). Defined once here, below all of them.

An answer is an option code (with the words written after "please specify"), text, a number or
a date, or one of the explicit states a paper form shows: left blank, not applicable, more than
one box ticked where one was asked (keeping which boxes), unreadable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

AnswerState = Literal["answered", "blank", "not_applicable", "multiple_ticked", "unreadable"]
#: Every state an answer row can record, in the order the states are explained.
ANSWER_STATES: Final[tuple[AnswerState, ...]] = get_args(AnswerState)
#: The states of a box that shows something, but not one answer to count: staff look at these.
UNCLEAR_STATES: Final[tuple[AnswerState, ...]] = ("multiple_ticked", "unreadable")
#: How tables and screens name each state other than an answer (in a sentence, lower-cased).
STATE_LABELS: Final[dict[AnswerState, str]] = {
    "blank": "Left blank",
    "multiple_ticked": "More than one ticked",
    "unreadable": "Unreadable",
    "not_applicable": "Not applicable",
}


@dataclass(frozen=True)
class GivenAnswer:
    """One value as given: an option code (with other-text), text, a number, a date or a state.

    ``item`` names a grid cell (``monday.in_person``); a multiple choice is one GivenAnswer per
    box ticked."""

    question_id: str
    item: str = ""
    value_code: str = ""
    other_text: str | None = None
    text: str | None = None
    number: float | None = None
    date_value: dt.date | None = None
    state: AnswerState = "answered"
    # With state "multiple_ticked": the codes of the boxes ticked, ";"-separated, as on paper.
    ticked: str | None = None


@dataclass(frozen=True)
class PageMeta:
    """What the first page of a form may carry besides answers: the pseudonymous participant code
    and the timepoint that pair a "before" with an "after"."""

    participant_code: str | None = None
    timepoint: str | None = None


#: The longest participant code stored, counted as stored (after ``participant_code``).
PARTICIPANT_CODE_LENGTH = 64


def participant_code(typed: str | None) -> str | None:
    """A participant code as stored: trimmed and in capitals, so that "p001 " and "P001" are one
    person (pairing a before with an after). Capitals can be longer than what was typed ("ß"
    becomes "SS"), so a length is checked on this, never on what was typed."""
    code = (typed or "").strip().upper()
    return code or None


def answer_map(answers: Iterable[Any]) -> dict[str, Any]:
    """question id -> option code, list of codes (multiple), or the value: what conditions read.

    ``answers`` are GivenAnswers or anything with the same attributes (a stored answer row)."""
    mapping: dict[str, Any] = {}
    for a in answers:
        if a.state != "answered":
            continue
        # 0 is an answer: take the first value that is there at all.
        value = next(
            (v for v in (a.value_code or None, a.text, a.number, a.date_value) if v is not None),
            None,
        )
        if a.question_id in mapping:
            existing = mapping[a.question_id]
            mapping[a.question_id] = [
                *(existing if isinstance(existing, list) else [existing]),
                value,
            ]
        else:
            mapping[a.question_id] = value
    return mapping
