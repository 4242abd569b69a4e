"""The neutral shape of an answer, between forms/imports and the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GivenAnswer:
    """One value as given: an option code (with other-text), text, a number, a date or a state."""

    question_id: str
    item: str = ""
    value_code: str = ""
    other_text: str | None = None
    text: str | None = None
    number: float | None = None
    date_value: dt.date | None = None
    state: str = "answered"
    # With state "multiple_ticked": the codes of the boxes ticked, ";"-separated, as on paper.
    ticked: str | None = None


def answer_map(answers: Iterable[Any]) -> dict[str, Any]:
    """question id -> option code, list of codes (multiple), or the value: what conditions read."""
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
