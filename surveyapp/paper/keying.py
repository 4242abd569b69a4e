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

from questionnaires import Option, Question, Questionnaire
from questionnaires.answers import PARTICIPANT_CODE_LENGTH, GivenAnswer, participant_code
from questionnaires.text import control_character_problem

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


def option_key(index: int) -> str:
    """The number typed for the ``index``-th box (0-based), as printed beside it on paper."""
    return str(index + 1)


def _digits(text: str) -> bool:
    # str.isdigit() also accepts "²" and other digits int() cannot read.
    return text.isascii() and text.isdigit()


def one_digit_keys(question: Question) -> bool:
    """Whether ticks can be typed run together (``13``): every box has a one-digit number."""
    return len(question.options) <= 9


def tab_enters_specify(question: Question, keyed: str, specify_text: str = "") -> bool:
    """Whether Tab from ``question``'s box goes on into its "please specify" box: only when the
    keys typed there include the box beside "Other" (words written without that tick are keyed
    with its number too: see ``_other_without_tick``), or the specify box already holds words.
    Otherwise Tab passes over it; Shift+Tab from the next box still reaches it. The entry
    screen's script (``static/entry.js``) follows the same rule."""
    other = question.other_option
    if other is None or specify_text:
        return other is not None
    return option_key(question.options.index(other)) in _split(question, keyed.strip())


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
                    limit = q.max_length or 500
                    if len(text) > limit:
                        keyed.errors[q.id] = (
                            f"{who(q)}: {len(text)} characters typed, more than the {limit} "
                            "this box keeps; check that nothing was typed twice"
                        )
                    elif text:
                        keyed.contact[q.id] = text
            continue
        for question in section.questions:
            if question.takes_answer:
                _read_question(question, typed, keyed)
    # The rule every input keeps (questionnaires.text): said beside the box, as online.
    for name in [*fields_in_order(definition, include_contact=include_contact), PARTICIPANT_CODE]:
        problem = control_character_problem(
            str(typed.get(name, "") or ""), "This box", multiline=True
        )
        if problem:
            keyed.errors.setdefault(name, problem)
    # In the order of the screen: the summary reads down the form, and the focus goes to the
    # first box in error.
    order = {name: n for n, name in enumerate(fields_in_order(definition))}
    keyed.errors = dict(sorted(keyed.errors.items(), key=lambda item: order.get(item[0], -1)))
    return keyed


def _read_meta(definition: Questionnaire, typed: Mapping[str, str], keyed: KeyedForm) -> None:
    if not definition.participant_code:
        return
    code = participant_code(str(typed.get(PARTICIPANT_CODE, "") or ""))
    if code and len(code) > PARTICIPANT_CODE_LENGTH:
        keyed.errors[PARTICIPANT_CODE] = (
            f"The participant code is longer than {PARTICIPANT_CODE_LENGTH} characters"
        )
    keyed.participant_code = code
    raw = str(typed.get(TIMEPOINT, "") or "").strip()
    if raw and definition.timepoints:
        points = definition.timepoints
        if _digits(raw) and 1 <= int(raw) <= len(points):
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
    if len(parts) == 1 and one_digit_keys(question) and _digits(parts[0]):
        return list(parts[0])
    return parts


def _read_choice(question: Question, raw: str, other_text: str | None, keyed: KeyedForm) -> None:
    other = question.other_option
    if not raw:
        if other_text and other is not None:
            keyed.errors[other_field(question)] = _other_without_tick(question, other)
        return
    if _unreadable(question, raw, keyed):
        return
    count = len(question.options)
    codes: list[str] = []
    for part in _split(question, raw):
        if not (_digits(part) and 1 <= int(part) <= count):
            keyed.errors[question.id] = (
                f"{who(question)}: type the number beside each box ticked (1 to {count}), "
                f"{UNREADABLE} if it cannot be read, or leave it empty if nothing is ticked; "
                f"'{part}' is not one of them"
            )
            return
        code = question.options[int(part) - 1].code
        if code not in codes:
            codes.append(code)
    # Words written after "please specify" are only read for a question that has the box.
    if other is not None and other_text and other.code not in codes:
        keyed.errors[other_field(question)] = _other_without_tick(question, other)
        return
    chosen_other = other is not None and other.code in codes
    if question.type != "multiple" and len(codes) > 1:
        # Kept as on paper: which boxes, and the words written after "please specify".
        keyed.answers.append(
            GivenAnswer(
                question.id,
                state="multiple_ticked",
                ticked=";".join(codes),
                other_text=other_text if chosen_other else None,
            )
        )
        return
    for code in codes:
        text = other_text if other is not None and code == other.code else None
        keyed.answers.append(GivenAnswer(question.id, value_code=code, other_text=text))


def _other_without_tick(question: Question, other: Option) -> str:
    number = option_key(question.options.index(other))
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
    if not all(_digits(p) and int(p) in points for p in parts):
        keyed.errors[question.id] = (
            f"{who(question)}: type the number ticked ({points[0]} to {points[-1]}), "
            f"{UNREADABLE} if it cannot be read, or leave it empty; '{raw}' is not one"
        )
        return
    if len(set(parts)) > 1:
        ticked = ";".join(dict.fromkeys(str(int(p)) for p in parts))
        keyed.answers.append(GivenAnswer(question.id, state="multiple_ticked", ticked=ticked))
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
