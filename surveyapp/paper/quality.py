"""Data-quality rules every keyed or imported response goes through before it counts.

- ``skip_answered``: a follow-up answered although its condition was not met (kept and listed;
  analysis already knows from ``condition_met``, so the response still counts);
- ``out_of_range``: a number outside the question's bounds, or not whole where a whole number is
  asked (the response is held out of the counts until staff look);
- ``required_blank``: a question the definition marks required left blank (held too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from questionnaires import Question, Questionnaire
from questionnaires.answers import GivenAnswer, answer_map
from surveyapp.paper.keying import who


@dataclass(frozen=True)
class Finding:
    question_id: str
    item: str
    rule: str
    message: str


def quality_findings(definition: Questionnaire, answers: Iterable[GivenAnswer]) -> list[Finding]:
    """Every rule ``answers`` break, in printed order."""
    answers = list(answers)
    given = answer_map(answers)
    by_question: dict[str, list[GivenAnswer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    findings: list[Finding] = []
    for question in definition.questions():
        if not question.takes_answer:
            continue
        rows = by_question.get(question.id, [])
        answered = [a for a in rows if a.state == "answered"]
        if question.show_if is not None and answered and not question.show_if.is_met(given):
            findings.append(
                Finding(
                    question.id,
                    "",
                    "skip_answered",
                    f"{who(question)} is answered although its condition is not met (it should "
                    "have been skipped); the answer is kept as written",
                )
            )
        for answer in answered:
            problem = _number_problem(question, answer)
            if problem:
                findings.append(Finding(question.id, answer.item, "out_of_range", problem))
        if question.required and not any(a.state != "blank" for a in rows):
            findings.append(
                Finding(
                    question.id,
                    "",
                    "required_blank",
                    f"{who(question)} is required by the questionnaire but was left blank",
                )
            )
    return findings


def _number_problem(question: Question, answer: GivenAnswer) -> str | None:
    value = answer.number
    if value is None or question.type not in ("number", "grid"):
        return None
    where = who(question) + (f" ({answer.item.replace('.', ', ')})" if answer.item else "")
    if question.integer and not float(value).is_integer():
        return f"{where} is {value:g}, but a whole number is asked"
    low, high = question.min, question.max
    if low is not None and value < low:
        return f"{where} is {value:g}, below the lowest allowed ({low:g})"
    if high is not None and value > high:
        return f"{where} is {value:g}, above the highest allowed ({high:g})"
    return None
