"""The questions whose written answers are coded, each with the codebook it is coded with, and
the answers that count (submitted or verified, not held back by a data-quality finding)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from questionnaires import Question, Questionnaire
from surveyapp.models import Answer, CodingSetup, QuestionnaireVersion, Response, Study
from surveyapp.services import NotFoundError
from surveyapp.services.responses.frames import COUNTED, held_back
from surveyapp.services.studies import study_definitions

DEFAULT_CODEBOOK = "social_prescribing"


@dataclass(frozen=True)
class FreeTextQuestion:
    """A question whose written answers are coded, and the codebook it is coded with."""

    definition: Questionnaire
    question: Question
    codebook: str

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def label(self) -> str:
        number = f"{self.question.printed_number} " if self.question.number else ""
        return f"{self.definition.title}: {number}{self.question.text}"


def free_text_questions(session: Session, study: Study) -> list[FreeTextQuestion]:
    """Every long-answer question of the study's instruments (newest versions), in order."""
    chosen = {
        (c.questionnaire_key, c.question_id): c.codebook
        for c in session.scalars(select(CodingSetup).filter_by(study_id=study.id))
    }
    found = []
    for definition in study_definitions(session, study):
        for question in definition.questions():
            if question.type == "textarea":
                codebook = chosen.get((definition.key, question.id), DEFAULT_CODEBOOK)
                found.append(FreeTextQuestion(definition, question, codebook))
    return found


def free_text_question(
    session: Session, study: Study, key: str, question_id: str
) -> FreeTextQuestion:
    """One of ``free_text_questions``, or NotFoundError."""
    for found in free_text_questions(session, study):
        if found.key == key and found.question.id == question_id:
            return found
    raise NotFoundError(f"Study '{study.slug}' has no written-answer question {key}.{question_id}")


def written_answers_query(study: Study, key: str, question_id: str) -> Select[tuple[Answer]]:
    """The written answers to a question that count (submitted or verified, not held back), in
    the order they came; ``written_answer_ids`` is the same as a sub-query of ids."""
    return (
        select(Answer)
        .join(Response, Answer.response_id == Response.id)
        .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Response.study_id == study.id,
            Response.status.in_(COUNTED),
            ~held_back(),
            QuestionnaireVersion.key == key,
            Answer.question_id == question_id,
            Answer.state == "answered",
            Answer.text.is_not(None),
        )
        .order_by(Answer.id)
    )


def written_answer_ids(study: Study, key: str, question_id: str) -> Select[tuple[int]]:
    """The ids of ``written_answers_query``, to select other rows by (never a list of ids:
    PostgreSQL takes no more than 65,535 values in one statement)."""
    return (
        written_answers_query(study, key, question_id).with_only_columns(Answer.id).order_by(None)
    )


def written_answers(session: Session, study: Study, key: str, question_id: str) -> list[Answer]:
    """The written answers to a question that count, oldest first."""
    return list(session.scalars(written_answers_query(study, key, question_id)))
