"""The keying convention of the paper entry screen: what a volunteer types for what is on paper.

Every question is one text box, so the whole form is keyed with number keys and Tab:

- a tick box: the number printed beside it (``3``); several ticks: each number (``13``, or
  ``1 3`` where a question has more than nine boxes); on a one-tick question that records
  "more than one ticked", exactly as on paper;
- a 0-10 scale: the number ticked;
- a number, a date or words: typed as written;
- nothing on paper: leave the box empty (the default is "left blank");
- ``?`` alone: unreadable.

A follow-up answered although its condition was not met is keyed like any other question: the
answer is kept and flagged, never dropped. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from questionnaires import Question, Questionnaire
from surveyapp.services.answers import GivenAnswer

UNREADABLE = "?"
PARTICIPANT_CODE = "participant_code"
TIMEPOINT = "timepoint"
MAX_TYPED = 10_000
SEPARATORS = re.compile(r"[\s,;+/]+")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
DATE_PARTS = re.compile(r"^(\d{1,2})[\s/.\-]+(\d{1,2})[\s/.\-]+(\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class KeyedForm:
    """What a keyed screen means: answers (blanks left out), contact details kept apart, the
    participant code and timepoint, and a message per box that cannot be read as typed."""

    answers: list[GivenAnswer] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    participant_code: str | None = None
    timepoint: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


def other_field(question: Question) -> str:
    return f"{question.id}_other"


def cell_field(question: Question, row: str, column: str) -> str:
    return f"{question.id}__{row}__{column}"


def who(question: Question) -> str:
    """How a message names a question: ``Question 5`` or the start of its wording."""
    if question.number:
        return f"Question {question.number}"
    short = question.text if len(question.text) <= 50 else question.text[:47].rstrip() + "..."
    return f"'{short}'"


def option_key(question: Question, index: int) -> str:
    """The number typed for the ``index``-th box (0-based), as printed beside it on paper."""
    return str(index + 1)


def one_digit_keys(question: Question) -> bool:
    """Whether ticks can be typed run together (``13``): every box has a one-digit number."""
    return len(question.options) <= 9


def fields_in_order(definition: Questionnaire, *, include_contact: bool = True) -> Iterator[str]:
    """The boxes of the entry screen in Tab order (the order of the paper)."""
    if definition.participant_code:
        yield PARTICIPANT_CODE
        if definition.timepoints:
            yield TIMEPOINT
    for section in definition.sections:
        if section.is_contact and not include_contact:
            continue
        for question in section.questions:
            if not question.takes_answer:
                continue
            if question.type == "grid":
                for row in question.rows:
                    for column in question.columns:
                        yield cell_field(question, row.id, column.id)
                continue
            yield question.id
            if question.other_option is not None:
                yield other_field(question)


def read_keyed(
    definition: Questionnaire, typed: Mapping[str, str], *, include_contact: bool = True
) -> KeyedForm:
    """Read a keyed screen. ``typed`` maps box names to what was typed (a request's form)."""
    keyed = KeyedForm()
    contact_ids = {
        q.id for s in definition.sections if s.is_contact for q in s.questions if q.takes_answer
    }
    for name in fields_in_order(definition, include_contact=include_contact):
        value = str(typed.get(name, "") or "")
        if name not in contact_ids and value.strip():
            keyed.keys[name] = value
    _read_meta(definition, typed, keyed)
    for section in definition.sections:
        if section.is_contact:
            if include_contact:
                for q in section.questions:
                    text = str(typed.get(q.id, "") or "").strip()
                    if text:
                        keyed.contact[q.id] = text[: q.max_length or 500]
            continue
        for question in section.questions:
            if question.takes_answer:
                _read_question(question, typed, keyed)
    return keyed


def _read_meta(definition: Questionnaire, typed: Mapping[str, str], keyed: KeyedForm) -> None:
    if not definition.participant_code:
        return
    code = str(typed.get(PARTICIPANT_CODE, "") or "").strip().upper()
    if len(code) > 64:
        keyed.errors[PARTICIPANT_CODE] = "The participant code is longer than 64 characters"
    keyed.participant_code = code or None
    raw = str(typed.get(TIMEPOINT, "") or "").strip()
    if raw and definition.timepoints:
        points = definition.timepoints
        if raw.isdigit() and 1 <= int(raw) <= len(points):
            keyed.timepoint = points[int(raw) - 1].code
        else:
            keyed.errors[TIMEPOINT] = (
                f"For 'When are you answering?', type the number beside the box ticked (1 to "
                f"{len(points)}), or leave it empty; '{raw}' is not one"
            )


def _read_question(question: Question, typed: Mapping[str, str], keyed: KeyedForm) -> None:
    if question.type == "grid":
        for row in question.rows:
            for column in question.columns:
                name = cell_field(question, row.id, column.id)
                raw = str(typed.get(name, "") or "").strip()
                label = f"{who(question)} ({row.label}, {column.label})"
                item = f"{row.id}.{column.id}"
                _read_number(question, raw, name, label, keyed, item=item)
        return
    raw = str(typed.get(question.id, "") or "").strip()
    other_text = None
    if question.other_option is not None:
        other_text = str(typed.get(other_field(question), "") or "").strip() or None
    if question.is_choice:
        _read_choice(question, raw, other_text, keyed)
    elif question.type == "range":
        _read_range(question, raw, keyed)
    elif question.type == "number":
        _read_number(question, raw, question.id, who(question), keyed)
    elif question.type == "date":
        _read_date(question, raw, keyed)
    else:
        _read_text(question, str(typed.get(question.id, "") or ""), keyed)


def _unreadable(question: Question, raw: str, keyed: KeyedForm, item: str = "") -> bool:
    if raw == UNREADABLE:
        keyed.answers.append(GivenAnswer(question.id, item=item, state="unreadable"))
        return True
    return False


def _split(question: Question, raw: str) -> list[str]:
    parts = [p for p in SEPARATORS.split(raw) if p]
    if len(parts) == 1 and one_digit_keys(question) and parts[0].isdigit():
        return list(parts[0])
    return parts


def _read_choice(question: Question, raw: str, other_text: str | None, keyed: KeyedForm) -> None:
    other = question.other_option
    if not raw:
        if other_text and other is not None:
            keyed.errors[other_field(question)] = _other_without_tick(question)
        return
    if _unreadable(question, raw, keyed):
        return
    count = len(question.options)
    codes: list[str] = []
    for part in _split(question, raw):
        if not (part.isdigit() and 1 <= int(part) <= count):
            keyed.errors[question.id] = (
                f"{who(question)}: type the number beside each box ticked (1 to {count}), "
                f"{UNREADABLE} if it cannot be read, or leave it empty if nothing is ticked; "
                f"'{part}' is not one of them"
            )
            return
        code = question.options[int(part) - 1].code
        if code not in codes:
            codes.append(code)
    chosen_other = other is not None and other.code in codes
    if other_text and not chosen_other:
        keyed.errors[other_field(question)] = _other_without_tick(question)
        return
    if question.type != "multiple" and len(codes) > 1:
        keyed.answers.append(GivenAnswer(question.id, state="multiple_ticked"))
        return
    for code in codes:
        text = other_text if other is not None and code == other.code else None
        keyed.answers.append(GivenAnswer(question.id, value_code=code, other_text=text))


def _other_without_tick(question: Question) -> str:
    other = question.other_option
    assert other is not None
    number = option_key(question, question.options.index(other))
    return (
        f"{who(question)}: text is typed under 'please specify' but box {number} ('{other.label}') "
        f"is not keyed. Where only the text is written, key {number} as well; otherwise clear "
        "the text"
    )


def _read_range(question: Question, raw: str, keyed: KeyedForm) -> None:
    if not raw or _unreadable(question, raw, keyed):
        return
    points = question.range_points()
    parts = [p for p in SEPARATORS.split(raw) if p]
    if not all(p.isdigit() and int(p) in points for p in parts):
        keyed.errors[question.id] = (
            f"{who(question)}: type the number ticked ({points[0]} to {points[-1]}), "
            f"{UNREADABLE} if it cannot be read, or leave it empty; '{raw}' is not one"
        )
        return
    if len(set(parts)) > 1:
        keyed.answers.append(GivenAnswer(question.id, state="multiple_ticked"))
        return
    keyed.answers.append(GivenAnswer(question.id, value_code=parts[0], number=float(parts[0])))


def parse_number(raw: str) -> float | None:
    """A number as written on paper (``12``, ``7.5``, ``1,234``), or None if it is not one."""
    text = raw.strip()
    if "," in text:
        if not THOUSANDS.match(text):
            return None
        text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_number(
    question: Question, raw: str, name: str, label: str, keyed: KeyedForm, item: str = ""
) -> None:
    if not raw or _unreadable(question, raw, keyed, item):
        return
    value = parse_number(raw)
    if value is None:
        keyed.errors[name] = (
            f"{label}: type the number as written, like 12 or 7.5 (a point for decimals), "
            f"or {UNREADABLE} if it cannot be read; '{raw}' is not a number"
        )
        return
    # Out of range or not whole: kept as written; the data-quality rules flag it for staff.
    keyed.answers.append(GivenAnswer(question.id, item=item, number=value))


def parse_date(raw: str) -> dt.date | None:
    """A date as people write it: 27/3/2023, 27 3 23, 27-03-2023 or 2023-03-27."""
    text = raw.strip()
    try:
        if match := ISO_DATE.match(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := DATE_PARTS.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None
    return None


def _read_date(question: Question, raw: str, keyed: KeyedForm) -> None:
    if not raw or _unreadable(question, raw, keyed):
        return
    value = parse_date(raw)
    if value is None:
        keyed.errors[question.id] = (
            f"{who(question)}: type the date as day/month/year, like 27/3/2023, or "
            f"{UNREADABLE} if it cannot be read; '{raw}' is not a date"
        )
        return
    keyed.answers.append(GivenAnswer(question.id, date_value=value))


def _read_text(question: Question, raw: str, keyed: KeyedForm) -> None:
    text = raw.strip().replace("\r\n", "\n")
    if not text or _unreadable(question, text, keyed):
        return
    limit = question.max_length or MAX_TYPED
    if len(text) > limit:
        keyed.errors[question.id] = (
            f"{who(question)}: the text is {len(text)} characters long, more than this question "
            f"keeps ({limit}); check that nothing was pasted twice"
        )
        return
    keyed.answers.append(GivenAnswer(question.id, text=text))


def typed_boxes(
    definition: Questionnaire, answers: list[GivenAnswer], contact: Mapping[str, str] = ()
) -> dict[str, str]:
    """The reverse of ``read_keyed``: what a volunteer types for ``answers`` (box -> keys).

    The browser test and the keystroke benchmark use it, so both follow the convention above.
    """
    boxes: dict[str, str] = dict(contact or {})
    by_question: dict[str, list[GivenAnswer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    for question in definition.questions():
        given = by_question.get(question.id, [])
        if question.type == "grid":
            for a in given:
                row, _, column = a.item.partition(".")
                boxes[cell_field(question, row, column)] = _typed_value(a)
            continue
        if not given:
            continue
        if question.is_choice:
            boxes[question.id] = _typed_ticks(question, given)
            other = next((a.other_text for a in given if a.other_text), None)
            if other:
                boxes[other_field(question)] = other
        else:
            boxes[question.id] = _typed_value(given[0])
    return {k: v for k, v in boxes.items() if v}


def _typed_ticks(question: Question, given: list[GivenAnswer]) -> str:
    if given[0].state == "unreadable":
        return UNREADABLE
    if given[0].state == "multiple_ticked":
        return " ".join(option_key(question, i) for i in range(2))
    codes = [o.code for o in question.options]
    keys = [option_key(question, codes.index(a.value_code)) for a in given]
    return "".join(keys) if one_digit_keys(question) else " ".join(keys)


def _typed_value(answer: GivenAnswer) -> str:
    if answer.state == "unreadable":
        return UNREADABLE
    if answer.number is not None:
        return f"{answer.number:g}"
    if answer.date_value is not None:
        return answer.date_value.strftime("%d/%m/%Y")
    return answer.value_code or answer.text or ""


class KeyingError(ValueError):
    """What was typed for one answer cannot be read; the message says how to type it."""


def read_one(
    definition: Questionnaire, question_id: str, item: str, value: str, other: str = ""
) -> list[GivenAnswer]:
    """The answers meant by ``value`` (and "please specify" ``other``) typed for one question
    or grid cell, with the entry screen's convention; an empty ``value`` is a blank."""
    question = definition.question(question_id)
    if question is None or not question.takes_answer:
        raise KeyingError(f"There is no question '{question_id}' in {definition.label}")
    if question.type == "grid":
        row, _, column = item.partition(".")
        boxes = {cell_field(question, row, column): value}
    else:
        boxes = {question.id: value, other_field(question): other}
    keyed = KeyedForm()
    _read_question(question, boxes, keyed)
    if keyed.errors:
        raise KeyingError(" ".join(keyed.errors.values()))
    if question.type == "grid":
        return [a for a in keyed.answers if a.item == item]
    return keyed.answers


def key_sequence(
    definition: Questionnaire, boxes: Mapping[str, str], *, include_contact: bool = True
) -> list[tuple[str, str]]:
    """The keys a volunteer presses on the entry screen to key ``boxes`` (box -> keys), starting
    in the first box: ``("type", text)`` and ``("press", "Tab"/"Enter")``. Enter saves from any
    box, so boxes left empty after the last answer cost nothing."""
    order = list(fields_in_order(definition, include_contact=include_contact))
    filled = [i for i, name in enumerate(order) if boxes.get(name)]
    keys: list[tuple[str, str]] = []
    for i, name in enumerate(order[: (filled[-1] + 1) if filled else 0]):
        if i:
            keys.append(("press", "Tab"))
        lines = (boxes.get(name) or "").split("\n")
        for j, line in enumerate(lines):
            if j:
                keys.append(("press", "Shift+Enter"))  # a new line in a long answer
            if line:
                keys.append(("type", line))
    keys.append(("press", "Enter"))
    return keys


def keystrokes(sequence: list[tuple[str, str]]) -> int:
    """How many keys ``sequence`` takes (a typed text costs one key per character, a chord
    such as Shift+Enter one)."""
    return sum(len(value) if kind == "type" else 1 for kind, value in sequence)
