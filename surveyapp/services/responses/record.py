"""One response as staff see it: its answers in words, what the data-quality rules found, the
disagreements of its two keyings, and every change since it was first saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from surveyapp.models import AuditEntry, Discrepancy, PaperForm, QualityIssue, Response, Study
from surveyapp.paper.comparison import label_of, words_of
from surveyapp.paper.values import Unit, describe, question_label
from surveyapp.services.definitions import served_definition
from surveyapp.services.responses.changes import response_history, response_values
from surveyapp.services.responses.finding import find_by_reference
from surveyapp.services.studies import get_study


@dataclass(frozen=True)
class AnswerLine:
    unit: Unit
    label: str
    value: str


@dataclass(frozen=True)
class SettledLine:
    """A disagreement of the two keyings, in words, and how it was settled (if it was)."""

    label: str
    first: str
    second: str
    settled: str | None
    reason: str | None


@dataclass
class ResponseRecord:
    study: Study
    response: Response
    definition: Questionnaire
    lines: list[AnswerLine] = field(default_factory=list)
    # Every answer staff may correct (blank grid cells too), as (unit, label).
    correctable: list[tuple[Unit, str]] = field(default_factory=list)
    issues: list[QualityIssue] = field(default_factory=list)
    discrepancies: list[SettledLine] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)
    keyed_by: list[tuple[str, dt.datetime]] = field(default_factory=list)  # who, and when

    @property
    def held(self) -> bool:
        return any(i.holds for i in self.issues)


def response_record(session: Session, slug: str, reference: str) -> ResponseRecord:
    study = get_study(session, slug)
    response = find_by_reference(session, study, reference)
    definition = served_definition(session, response.questionnaire_version)
    record = ResponseRecord(study=study, response=response, definition=definition)
    for unit, values in response_values(definition, response).items():
        question = definition.question(unit[0])
        label = question_label(question, *unit)
        record.correctable.append((unit, label))
        if question is not None and question.type == "grid" and not values:
            continue
        record.lines.append(AnswerLine(unit, label, describe(question, values)))
    record.issues = list(
        session.scalars(
            select(QualityIssue).filter_by(response_id=response.id).order_by(QualityIssue.id)
        )
    )
    for d in session.scalars(
        select(Discrepancy).filter_by(response_id=response.id).order_by(Discrepancy.id)
    ):
        record.discrepancies.append(
            SettledLine(
                label=label_of(definition, d.question_id, d.item),
                first=words_of(definition, d.question_id, d.first),
                second=words_of(definition, d.question_id, d.second),
                settled=words_of(definition, d.question_id, d.resolved) if d.resolution else None,
                reason=d.reason,
            )
        )
    record.history = response_history(session, response)
    form = session.scalar(select(PaperForm).filter_by(response_id=response.id))
    if form is not None:
        record.keyed_by = [
            (f"{'first' if e.number == 1 else 'second'} keying by {e.keyed_by.name}", e.keyed_at)
            for e in form.entries
        ]
    return record
