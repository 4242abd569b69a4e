"""The neutral shape of an answer, between forms/imports and the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
