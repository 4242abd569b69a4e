"""Answers as plain values: stored in keyed entries (JSON), compared answer by answer, and said
in words for the screens and the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from questionnaires import Question, Questionnaire
from questionnaires.answers import STATE_LABELS, GivenAnswer

Unit = tuple[str, str]  # (question id, item): one answer as the two keyings are compared
#: A state as said in a sentence: "left blank", "more than one ticked"...
STATE_WORDS = {state: label.lower() for state, label in STATE_LABELS.items()}


def to_plain(answer: GivenAnswer) -> dict[str, Any]:
    """A JSON-ready dict of ``answer`` (empty parts left out)."""
    plain: dict[str, Any] = {"question_id": answer.question_id}
    for name in ("item", "value_code", "other_text", "text", "number", "ticked"):
        value = getattr(answer, name)
        if value not in (None, ""):
            plain[name] = value
    if answer.date_value is not None:
        plain["date"] = answer.date_value.isoformat()
    if answer.state != "answered":
        plain["state"] = answer.state
    return plain


def from_plain(plain: Mapping[str, Any]) -> GivenAnswer:
    date = plain.get("date")
    return GivenAnswer(
        question_id=plain["question_id"],
        item=plain.get("item", ""),
        value_code=plain.get("value_code", ""),
        other_text=plain.get("other_text"),
        text=plain.get("text"),
        number=plain.get("number"),
        date_value=dt.date.fromisoformat(date) if date else None,
        state=plain.get("state", "answered"),
        ticked=plain.get("ticked"),
    )


def from_row(row: Any) -> GivenAnswer:
    """A stored ``Answer`` row as a ``GivenAnswer``."""
    return GivenAnswer(
        question_id=row.question_id,
        item=row.item or "",
        value_code=row.value_code or "",
        other_text=row.other_text,
        text=row.text,
        number=row.number,
        date_value=row.date_value,
        state=row.state,
        ticked=row.ticked,
    )


def units(definition: Questionnaire) -> list[Unit]:
    """Every answer two keyings are compared on: a question, or a grid's cell. Contact details
    are not compared (only the first keying records them)."""
    found: list[Unit] = []
    for question in definition.questions():
        if not question.takes_answer:
            continue
        if question.type == "grid":
            found += [
                (question.id, f"{r.id}.{c.id}") for r in question.rows for c in question.columns
            ]
        else:
            found.append((question.id, ""))
    return found


def unit_of(question: Question, answer: GivenAnswer) -> Unit:
    return (answer.question_id, answer.item if question.type == "grid" else "")


def grouped(definition: Questionnaire, answers: Iterable[GivenAnswer]) -> dict[Unit, list[dict]]:
    """Answers gathered by unit, as plain dicts in a stable order; a blank is an empty list."""
    questions = {q.id: q for q in definition.questions()}
    groups: dict[Unit, list[dict]] = {unit: [] for unit in units(definition)}
    for answer in answers:
        question = questions.get(answer.question_id)
        if question is None or answer.state == "blank":
            continue
        groups.setdefault(unit_of(question, answer), []).append(to_plain(answer))
    for values in groups.values():
        values.sort(key=lambda v: (v.get("value_code", ""), v.get("item", "")))
    return groups


def _same_text(text: str | None) -> str | None:
    # Two people type the same words with different spacing; that is not a disagreement.
    return re.sub(r"\s+", " ", text).strip() if text else text


def comparable(values: list[dict]) -> tuple:
    """What must be equal for two keyings to agree on a unit."""
    return tuple(
        (
            v.get("value_code", ""),
            _same_text(v.get("other_text")),
            _same_text(v.get("text")),
            v.get("number"),
            v.get("date"),
            v.get("state", "answered"),
            v.get("ticked"),
        )
        for v in values
    )


def describe(question: Question | None, values: list[dict]) -> str:
    """``values`` in words: "3 Not Very Easy", "left blank", "Other: my neighbour"..."""
    if not values:
        return STATE_WORDS["blank"]
    words = []
    for v in values:
        state = v.get("state", "answered")
        if state != "answered":
            said = STATE_WORDS.get(state, state)
            if v.get("ticked"):
                said += f" ({', '.join(_box(question, c) for c in v['ticked'].split(';'))})"
            if v.get("other_text"):
                said += f": {v['other_text']}"
            words.append(said)
            continue
        code = v.get("value_code")
        if code and question is not None and question.is_choice:
            text = _box(question, code)
            if v.get("other_text"):
                text = f"{text.rstrip(':')}: {v['other_text']}"
            words.append(text)
        elif v.get("number") is not None:
            words.append(f"{v['number']:g}")
        elif v.get("date"):
            words.append(dt.date.fromisoformat(v["date"]).strftime("%-d %B %Y"))
        else:
            words.append(v.get("text") or code or "")
    return "; ".join(words)


def _box(question: Question | None, code: str) -> str:
    """A ticked box as printed: "2 Self-referral" (a 0-10 point is its own number)."""
    if question is None or not question.is_choice:
        return code
    option = question.option(code)
    if option is None:
        return code
    return f"{question.options.index(option) + 1} {option.label}"


def question_label(question: Question | None, question_id: str, item: str = "") -> str:
    """The printed number and the start of the wording ("5. Did you use the service(s)..."),
    with the grid cell: forms may print a number twice, so the number alone is not enough."""
    if question is None:
        return question_id
    words = question.text if len(question.text) <= 60 else question.text[:57].rstrip() + "..."
    label = f"{question.printed_number} {words}".strip()
    if item and question.type == "grid":
        row, _, column = item.partition(".")
        rows = {r.id: r.label for r in question.rows}
        columns = {c.id: c.label for c in question.columns}
        label += f" ({rows.get(row, row)}, {columns.get(column, column)})"
    return label
