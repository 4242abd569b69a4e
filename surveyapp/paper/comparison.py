"""Comparing two blind keyings of one paper form, answer by answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from questionnaires import Questionnaire
from questionnaires.answers import GivenAnswer
from surveyapp.paper.values import Unit, comparable, describe, grouped, question_label

#: Keyed besides the answers; a disagreement on them is settled like one on an answer.
META = ("participant_code", "timepoint")
META_LABELS = {"participant_code": "Participant code", "timepoint": "When are you answering?"}


def label_of(definition: Questionnaire, question_id: str, item: str) -> str:
    """A disagreement's subject as printed: the question (and grid cell), or the meta field."""
    if question_id in META:
        return META_LABELS[question_id]
    return question_label(definition.question(question_id), question_id, item)


def words_of(definition: Questionnaire, question_id: str, values: list) -> str:
    """One side of a disagreement in words."""
    if question_id in META:
        return (values[0].get("text") if values else None) or "left blank"
    return describe(definition.question(question_id), values)


def meta_values(definition: Questionnaire, meta: Mapping[str, str | None]) -> dict[Unit, list]:
    """The participant code and timepoint of a keying, as units like answers' (if asked)."""
    if not definition.participant_code:
        return {}
    names = META if definition.timepoints else META[:1]
    return {
        (name, ""): ([{"question_id": name, "text": meta[name]}] if meta.get(name) else [])
        for name in names
    }


def disagreements(
    definition: Questionnaire,
    first: Iterable[GivenAnswer],
    second: Iterable[GivenAnswer],
    first_meta: Mapping[str, str | None] | None = None,
    second_meta: Mapping[str, str | None] | None = None,
) -> list[tuple[Unit, list[dict], list[dict]]]:
    """Each unit (question, grid cell, participant code, timepoint) on which the two keyings
    differ, in printed order, with both values. Spacing inside typed text does not count."""
    one = {**meta_values(definition, first_meta or {}), **grouped(definition, first)}
    two = {**meta_values(definition, second_meta or {}), **grouped(definition, second)}
    found = []
    for unit in one.keys() | two.keys():
        a, b = one.get(unit, []), two.get(unit, [])
        if comparable(a) != comparable(b):
            found.append((unit, a, b))
    order = {unit: i for i, unit in enumerate(one)}
    return sorted(found, key=lambda d: order.get(d[0], len(order)))
