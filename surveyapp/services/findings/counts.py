"""A study's closed answers counted where they are stored, for its appendix workbook.

The workbook needs how many responses gave each answer, never the answers themselves, so the
database counts them: one GROUP BY over the study's answers (by version, question, state, code,
written "Other" text and number), which also counts, for each follow-up question, the answers of
those it was for (its ``show_if`` as correlated EXISTS over their other answers), and one pass
over the responses for the bases. What comes back is a few thousand rows whatever the size of the
study, so a million responses (21 million answers) are tabulated without reading them into
Python. ``analysis.tables.counted_tables`` lays them out exactly as the tidy frame's tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from analysis.tables import COUNTED_COLUMNS, TABULATED_TYPES, CountedAnswers
from questionnaires.model import Condition, Question, Questionnaire
from surveyapp.models import Answer, Response, Study
from surveyapp.services.responses.frames import COUNTED, held_back, study_versions

FollowUp = tuple[Questionnaire, Question, Condition]


def counted_answers(
    session: Session, study: Study, definitions: Sequence[Questionnaire]
) -> dict[str, CountedAnswers]:
    """The closed answers of the study's counted responses, counted per instrument (by key)."""
    versions = study_versions(session, study)
    keys = {d.key for d in definitions}
    version_ids = {key: sorted(v for v, (k, _, _) in versions.items() if k == key) for key in keys}
    follow_ups: list[FollowUp] = [
        (d, q, q.show_if)
        for d in definitions
        for q in d.questions()
        if q.type in TABULATED_TYPES and q.show_if is not None and version_ids[d.key]
    ]
    counted = (Response.study_id == study.id, Response.status.in_(COUNTED), ~held_back())
    bases, routed_bases = _bases(session, counted, versions, keys, follow_ups)
    rows: dict[str, list[tuple]] = {key: [] for key in keys}
    if any(version_ids.values()):
        for version_id, *counts in _grouped(session, counted, definitions, version_ids, follow_ups):
            key, _, labels = versions[version_id]
            if key in keys:
                question_id, state, code, other, number, n, routed = counts
                label = labels.get((question_id, code))
                rows[key].append(
                    (question_id, state or None, code or None, label, other, number, n, routed)
                )
    return {
        key: CountedAnswers(
            responses=bases[key],
            counts=pd.DataFrame(rows[key], columns=list(COUNTED_COLUMNS)),
            routed_bases=routed_bases[key],
        )
        for key in keys
    }


def _bases(
    session: Session,
    counted: tuple[ColumnElement[bool], ...],
    versions: Mapping[int, tuple[str, int, dict]],
    keys: set[str],
    follow_ups: list[FollowUp],
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Per instrument, every counted response with an answer, and by follow-up question those
    it was for: one pass over the responses."""
    routed_columns = [
        func.sum(case((_met(d, condition, Response.id), 1), else_=0))
        for d, _, condition in follow_ups
    ]
    bases: dict[str, int] = dict.fromkeys(keys, 0)
    routed_bases: dict[str, dict[str, int]] = {key: {} for key in keys}
    for version_id, responses, *routed in session.execute(
        select(Response.questionnaire_version_id, func.count(), *routed_columns)
        .where(*counted, exists().where(Answer.response_id == Response.id))
        .group_by(Response.questionnaire_version_id)
    ):
        key = versions[version_id][0]
        if key not in keys:
            continue
        bases[key] += responses
        for (definition, question, _), n in zip(follow_ups, routed, strict=True):
            if definition.key == key:
                per_question = routed_bases[key]
                per_question[question.id] = per_question.get(question.id, 0) + int(n or 0)
    return bases, routed_bases


def _grouped(
    session: Session,
    counted: tuple[ColumnElement[bool], ...],
    definitions: Sequence[Questionnaire],
    version_ids: Mapping[str, list[int]],
    follow_ups: list[FollowUp],
) -> list[tuple[int, str, str, str, str | None, float | None, int, int]]:
    """(version, question, state, code, written text, number, responses, responses among
    those a follow-up was for) per distinct answer: one GROUP BY over the answers. Ordered by
    the first response that gave each, as the tidy frame is: of spellings that differ only in
    case or spacing, the table shows the first written."""
    # A row of a follow-up counts among those it was for when its condition is met; any other
    # row counts 0 there.
    routed_answers = case(
        *(
            (
                and_(
                    Response.questionnaire_version_id.in_(version_ids[d.key]),
                    Answer.question_id.in_(_ids(q)),
                ),
                case((_met(d, condition, Answer.response_id), 1), else_=0),
            )
            for d, q, condition in follow_ups
        ),
        else_=0,
    )
    grouped = (
        Response.questionnaire_version_id,
        Answer.question_id,
        Answer.state,
        Answer.value_code,
        Answer.other_text,
        Answer.number,
    )
    statement = (
        select(
            *grouped,
            func.count(),
            func.sum(routed_answers) if follow_ups else false(),
            func.min(Answer.response_id),
        )
        .join(Response, Answer.response_id == Response.id)
        .where(*counted, Answer.question_id.in_(_tabulated_ids(definitions)))
        .group_by(*grouped)
    )
    found = sorted(session.execute(statement), key=lambda row: row[-1])
    return [(*row[:6], int(row[6]), int(row[7] or 0)) for row in found]


def _met(
    definition: Questionnaire, condition: Condition, response_id: ColumnExpressionArgument[int]
) -> ColumnElement[bool]:
    """``condition`` over the answers of the response ``response_id``, as SQL: what
    ``analysis.routing`` works out from the tidy frame (an answer is given when it is answered
    with a code; ``any_of`` holds when one of its codes is)."""
    if condition.all:
        return and_(true(), *(_met(definition, sub, response_id) for sub in condition.all))
    if condition.any:
        return or_(false(), *(_met(definition, sub, response_id) for sub in condition.any))
    asked = definition.question(condition.question or "")
    ids = [condition.question or "", *(asked.replaces if asked else ())]
    other = aliased(Answer)
    given = (
        other.response_id == response_id,
        other.question_id.in_(ids),
        other.state == "answered",
        other.value_code != "",
    )
    if condition.answered is not None:
        gave = exists().where(*given)
        return gave if condition.answered else ~gave
    return exists().where(*given, other.value_code.in_(condition.any_of))


def _ids(question: Question) -> list[str]:
    return [question.id, *question.replaces]


def _tabulated_ids(definitions: Iterable[Questionnaire]) -> list[str]:
    """The ids of the closed questions (and those they replace): a few dozen, from the
    definitions, never from the data."""
    return sorted(
        {
            qid
            for d in definitions
            for q in d.questions()
            if q.type in TABULATED_TYPES
            for qid in _ids(q)
        }
    )
