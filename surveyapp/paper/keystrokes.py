"""The keying convention run backwards: what a volunteer types, key by key, to key a form.

The browser test drives Chromium with these keys and the keystroke benchmark counts them, so both
follow the entry screen's convention (``surveyapp.paper.keying``) rather than a copy of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from questionnaires import Question, Questionnaire
from questionnaires.answers import GivenAnswer
from surveyapp.paper.keying import (
    UNREADABLE,
    cell_field,
    fields_in_order,
    one_digit_keys,
    option_key,
    other_field,
    tab_enters_specify,
)


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
    codes = [o.code for o in question.options]
    if given[0].state == "multiple_ticked":
        ticked = (given[0].ticked or "").split(";") if given[0].ticked else codes[:2]
        keys = [option_key(codes.index(code)) for code in ticked]
        return "".join(keys) if one_digit_keys(question) else " ".join(keys)
    keys = [option_key(codes.index(a.value_code)) for a in given]
    return "".join(keys) if one_digit_keys(question) else " ".join(keys)


def _typed_value(answer: GivenAnswer) -> str:
    if answer.state == "unreadable":
        return UNREADABLE
    if answer.number is not None:
        return f"{answer.number:g}"
    if answer.date_value is not None:
        return answer.date_value.strftime("%d/%m/%Y")
    return answer.value_code or answer.text or ""


def key_sequence(
    definition: Questionnaire,
    boxes: Mapping[str, str],
    *,
    include_contact: bool = True,
    skip_specify: bool = True,
) -> list[tuple[str, str]]:
    """The keys a volunteer presses on the entry screen to key ``boxes`` (box -> keys), starting
    in the first box: ``("type", text)`` and ``("press", "Tab"/"Enter")``. Enter saves from any
    box, so boxes left empty after the last answer cost nothing. With ``skip_specify`` (the
    screen's script), Tab passes over a "please specify" box unless its "Other" is keyed
    (``tab_enters_specify``); without it (no script), every box is a Tab."""
    order = list(fields_in_order(definition, include_contact=include_contact))
    passed = _passed_over(definition, boxes) if skip_specify else set()
    order = [name for name in order if name not in passed or boxes.get(name)]
    filled = [i for i, name in enumerate(order) if boxes.get(name)]
    keys: list[tuple[str, str]] = []
    for i, name in enumerate(order[: (filled[-1] + 1) if filled else 0]):
        if i:
            keys.append(("press", "Tab"))
        if name in passed:  # Tab went past it: back with Shift+Tab from the next box
            keys.append(("press", "Shift+Tab"))
        lines = (boxes.get(name) or "").split("\n")
        for j, line in enumerate(lines):
            if j:
                keys.append(("press", "Shift+Enter"))  # a new line in a long answer
            if line:
                keys.append(("type", line))
    keys.append(("press", "Enter"))
    return keys


def _passed_over(definition: Questionnaire, boxes: Mapping[str, str]) -> set[str]:
    """The "please specify" boxes Tab passes over, given what is keyed above each."""
    return {
        other_field(q)
        for q in definition.questions()
        if q.other_option is not None and not tab_enters_specify(q, boxes.get(q.id, ""))
    }


def keystrokes(sequence: list[tuple[str, str]]) -> int:
    """How many keys ``sequence`` takes (a typed text costs one key per character, a chord
    such as Shift+Enter one)."""
    return sum(len(value) if kind == "type" else 1 for kind, value in sequence)
