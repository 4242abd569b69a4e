"""Who a follow-up question was for: the responses whose earlier answers meet its ``show_if``
("If Yes, was the service easy to access?" is for those who said they used it).

A report prints a follow-up over every respondent, with ``Left blank`` for those it did not apply
to; the share that matters to a reader is of those it was for. These functions find that base
from the tidy frame, a set operation per condition, never a loop over responses.

Pure functions over a frame already split by question (:class:`analysis.frames.QuestionRows`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.frames import QuestionRows
from questionnaires.model import Condition, Question, Questionnaire

__all__ = ["Routing", "condition_wording", "routing"]


@dataclass(frozen=True)
class Routing:
    """The responses a follow-up was for (``responses``: their ids, sorted) and who they are
    in words ("answered 'Yes' to 'Did you use the service(s)?'")."""

    responses: np.ndarray
    who: str

    @property
    def base(self) -> int:
        return len(self.responses)


def routing(
    split: QuestionRows, everyone: np.ndarray, definition: Questionnaire, question: Question
) -> Routing | None:
    """Who ``question`` was for among ``everyone`` (the ids of every response to the
    questionnaire); None for a question asked of everyone."""
    if question.show_if is None:
        return None
    met = _met(split, np.unique(everyone), definition, question.show_if)
    return Routing(responses=met, who=condition_wording(definition, question.show_if))


def _met(
    split: QuestionRows, everyone: np.ndarray, definition: Questionnaire, condition: Condition
) -> np.ndarray:
    if condition.all:
        found = everyone
        for sub in condition.all:
            found = np.intersect1d(found, _met(split, everyone, definition, sub))
        return found
    if condition.any:
        found = np.empty(0, dtype=everyone.dtype)
        for sub in condition.any:
            found = np.union1d(found, _met(split, everyone, definition, sub))
        return found
    asked = definition.question(condition.question or "")
    ids = [condition.question or "", *(asked.replaces if asked else ())]
    rows = split.rows(*ids)
    answered = rows.loc[rows["state"].astype(object).eq("answered") & rows["value_code"].notna()]
    if condition.answered is not None:
        gave = np.unique(answered["response_id"].to_numpy())
        if condition.answered:
            return np.intersect1d(everyone, gave)
        return np.setdiff1d(everyone, gave)
    chosen = answered.loc[answered["value_code"].astype(object).isin(condition.any_of)]
    return np.intersect1d(everyone, np.unique(chosen["response_id"].to_numpy()))


def condition_wording(definition: Questionnaire, condition: Condition) -> str:
    """A condition as a reader would say it: "answered 'Yes' to 'Did you use the service(s)?'",
    with the printed labels and wording, never codes or ids."""
    if condition.all:
        return " and ".join(condition_wording(definition, c) for c in condition.all)
    if condition.any:
        return " or ".join(condition_wording(definition, c) for c in condition.any)
    question = definition.question(condition.question or "")
    asked = f"'{question.text}'" if question else f"question {condition.question}"
    if condition.answered is not None:
        return f"answered {asked}" if condition.answered else f"left {asked} blank"
    labels = []
    for code in condition.any_of:
        option = question.option(code) if question else None
        labels.append(f"'{option.table_text if option else code}'")
    said = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" or {labels[-1]}"
    return f"answered {said} to {asked}"
