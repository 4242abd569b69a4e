"""What people wrote after "Other (please specify)", and staff's grouping of it: "pharmacist at
my GP" and "GP pharmacist" both counted as "GP practice - Clinical Pharmacist", or in a printed
option ("my GP" as "GP"). The appendix tables, headlines and report count the groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from analysis.answer_counts import normalise_text
from questionnaires import Question, Questionnaire
from surveyapp.models import Answer, GroupedAnswer, QuestionnaireVersion, Response, Study, User
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.responses.frames import COUNTED
from surveyapp.services.studies import study_definitions

#: The longest group name a table row takes (the column's width).
MAX_GROUP = 255


@dataclass(frozen=True)
class WrittenAnswer:
    """One answer as written (spellings differing only in case or spaces are one), how many
    responses wrote it, and the row staff count it in (None: its own row)."""

    written: str
    compared: str
    count: int
    shown_as: str | None


@dataclass(frozen=True)
class WriteIn:
    """A question with a line to write on, and what was written there."""

    definition: Questionnaire
    question: Question
    answers: list[WrittenAnswer]

    @property
    def printed_labels(self) -> list[str]:
        """The labels a written answer can be counted in besides groups of its own."""
        return [o.table_text for o in self.question.options if not o.other]

    @property
    def groups(self) -> list[str]:
        """The groups staff have made so far, for choosing again."""
        return sorted({a.shown_as for a in self.answers if a.shown_as})


def write_in_questions(session: Session, study: Study) -> list[tuple[Questionnaire, Question]]:
    """Every question of the study with an "Other (please specify)" line, in printed order."""
    return [
        (definition, question)
        for definition in study_definitions(session, study)
        for question in definition.questions()
        if question.other_option is not None
    ]


def write_in(session: Session, study: Study, questionnaire: str, question_id: str) -> WriteIn:
    """What was written on the line of ``question_id``, most frequent first, with staff's
    grouping. Counted responses only, as the tables count them."""
    definition, question = _question(session, study, questionnaire, question_id)
    rows = session.execute(
        select(Answer.other_text, func.count(func.distinct(Answer.response_id)))
        .join(Response, Response.id == Answer.response_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(
            Response.study_id == study.id,
            Response.status.in_(COUNTED),
            QuestionnaireVersion.key == questionnaire,
            Answer.question_id.in_([question.id, *question.replaces]),
            Answer.other_text.is_not(None),
        )
        .group_by(Answer.other_text)
    ).all()
    grouped = _groups(session, study, questionnaire, question.id)
    merged: dict[str, tuple[str, int]] = {}
    for text, count in rows:
        written = " ".join(str(text).split())
        if not written:
            continue
        compared = normalise_text(written)
        first, seen = merged.get(compared, (written, 0))
        merged[compared] = (first, seen + count)
    answers = [
        WrittenAnswer(written, compared, count, grouped.get(compared))
        for compared, (written, count) in merged.items()
    ]
    answers.sort(key=lambda a: (-a.count, a.written.casefold()))
    return WriteIn(definition, question, answers)


def save_grouping(
    session: Session,
    study: Study,
    questionnaire: str,
    question_id: str,
    shown_as: Mapping[str, str],
    user: User | None,
) -> int:
    """Staff's grouping of one question's written answers: ``shown_as`` maps each answer (as
    compared) to the row it counts in; an empty name, or the answer itself, leaves it in its own
    row. Replaces the question's grouping; audited. Returns how many answers are grouped."""
    _, question = _question(session, study, questionnaire, question_id)
    too_long = [name for name in shown_as.values() if len(name.strip()) > MAX_GROUP]
    if too_long:
        raise ServiceError(
            f"A group name can be at most {MAX_GROUP} characters; shorten "
            f"'{too_long[0].strip()[:40]}…'"
        )
    before = _groups(session, study, questionnaire, question.id)
    after = {
        compared[:500]: " ".join(name.split())
        for compared, name in shown_as.items()
        if name.strip() and normalise_text(name) != compared
    }
    session.execute(
        delete(GroupedAnswer).where(
            GroupedAnswer.study_id == study.id,
            GroupedAnswer.questionnaire == questionnaire,
            GroupedAnswer.question_id == question.id,
        )
    )
    session.add_all(
        GroupedAnswer(
            study_id=study.id,
            questionnaire=questionnaire,
            question_id=question.id,
            written=compared,
            shown_as=name,
            edited_by_id=user.id if user else None,
        )
        for compared, name in after.items()
    )
    if before != after:
        audit(
            session,
            user,
            "study",
            study.id,
            None,
            f"Written answers to {questionnaire} {question.id} grouped",
            {"groups": (before, after)},
        )
    session.commit()
    return len(after)


def other_groups(session: Session, study: Study) -> dict[tuple[str, str], dict[str, str]]:
    """Every grouping of the study: (questionnaire, question) -> written answer -> row."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for group in session.scalars(select(GroupedAnswer).filter_by(study_id=study.id)):
        found.setdefault((group.questionnaire, group.question_id), {})[group.written] = (
            group.shown_as
        )
    return found


def _groups(session: Session, study: Study, questionnaire: str, question_id: str) -> dict:
    return other_groups(session, study).get((questionnaire, question_id), {})


def _question(
    session: Session, study: Study, questionnaire: str, question_id: str
) -> tuple[Questionnaire, Question]:
    for definition, question in write_in_questions(session, study):
        if definition.key == questionnaire and question.id == question_id:
            return definition, question
    raise NotFoundError(
        f"This study has no question '{question_id}' of '{questionnaire}' with a line to write on"
    )
