"""Automatic theming of a study's written answers (rules, combined with the study's trained
model once there is one, and sentiment: ``analysis.themes.combine``), stored beside people's
codes; and the coded frame ``analysis.themes`` tabulates, where people's codes always win."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Text, cast, delete, insert, select
from sqlalchemy.orm import Session, aliased

from analysis.themes.combine import AutoCoding, auto_code
from analysis.themes.tables import CODED_COLUMNS
from surveyapp.models import Answer, CodingSetup, HumanCoding, MachineCoding, Study
from surveyapp.services import ServiceError
from surveyapp.services.coding.codebooks import codebook_keys, rule_coder, study_codebook
from surveyapp.services.coding.questions import (
    FreeTextQuestion,
    free_text_question,
    free_text_questions,
    written_answer_ids,
    written_answers_query,
)
from surveyapp.services.coding.trained import trained_models
from surveyapp.services.columns import read_columns
from surveyapp.services.studies import get_study


def choose_codebook(session: Session, slug: str, key: str, question_id: str, codebook: str) -> None:
    """Code a question with another codebook, and recode its answers with it (codes staff gave
    with the earlier codebook are kept, but no longer count)."""
    study = get_study(session, slug)
    free_text_question(session, study, key, question_id)
    if codebook not in codebook_keys(session):
        raise ServiceError(
            f"There is no codebook '{codebook}': choose {', '.join(codebook_keys(session))}"
        )
    setup = session.scalar(
        select(CodingSetup).filter_by(
            study_id=study.id, questionnaire_key=key, question_id=question_id
        )
    )
    if setup is None:
        session.add(
            CodingSetup(
                study_id=study.id, questionnaire_key=key, question_id=question_id, codebook=codebook
            )
        )
    else:
        setup.codebook = codebook
    session.commit()
    run_theming(session, slug, only=[(key, question_id)])


def run_theming(
    session: Session,
    slug: str,
    *,
    only: Iterable[tuple[str, str]] = (),
    new_only: bool = False,
) -> int:
    """Code every written answer of the study (or of the ``only`` questions) automatically:
    rules, combined with the study's trained model when there is one, and sentiment. Replaces
    earlier machine codes; people's codes are kept. With ``new_only``, only the answers that
    came in since the last coding are coded (what an import does, so that exports read their
    themes). Returns the answers coded."""
    study = get_study(session, slug)
    wanted = set(only)
    done = 0
    for item in free_text_questions(session, study):
        if wanted and (item.key, item.question.id) not in wanted:
            continue
        query = written_answers_query(study, item.key, item.question.id)
        if new_only:
            coded = select(MachineCoding.answer_id).where(MachineCoding.answer_id == Answer.id)
            query = query.where(~coded.exists())
        answers = list(session.scalars(query))
        if not answers:
            continue
        codebook = study_codebook(session, study, item.codebook)
        models = trained_models(session, study, item.codebook)
        codings = auto_code(
            [a.text or "" for a in answers],
            item.question.text,
            rule_coder(codebook),
            codebook,
            models.themes,
            models.sentiment,
        )
        _store(session, study, item, codebook.key, answers, codings, replace=not new_only)
        done += len(answers)
    session.commit()
    return done


def _store(
    session: Session,
    study: Study,
    item: FreeTextQuestion,
    codebook: str,
    answers: list[Answer],
    codings: list[AutoCoding],
    *,
    replace: bool,
) -> None:
    """Store ``codings`` of ``answers``: with ``replace`` (the answers are all those of the
    question that count) in place of the question's earlier machine codes, in one delete and
    one insert; else beside them (answers not coded before). People's codes are apart."""
    now = dt.datetime.now(dt.UTC)
    if replace:
        ids = written_answer_ids(study, item.key, item.question.id)
        session.execute(delete(MachineCoding).where(MachineCoding.answer_id.in_(ids)))
    session.execute(
        insert(MachineCoding),
        [
            {
                "answer_id": answer.id,
                "codebook": codebook,
                "codes": list(coding.codes),
                "scores": coding.scores,
                "evidence": [[e.theme, e.start, e.end, e.text, e.negated] for e in coding.evidence],
                "sentiment": coding.sentiment,
                "not_applicable": coding.not_applicable,
                "method": coding.method,
                "coded_at": now,
            }
            for answer, coding in zip(answers, codings, strict=True)
        ],
    )


def coded_frame(session: Session, study: Study) -> pd.DataFrame:
    """The study's coded frame (``analysis.themes.tables.CODED_COLUMNS``): one row per written
    answer that counts, with people's codes where they have coded it, else the machine's
    (``coded_by`` empty for an answer the automatic coding has not reached yet: it is never
    coded here, only when it arrives or when staff run the coding)."""
    frames = [_coded(session, study, item) for item in free_text_questions(session, study)]
    if not frames:
        return pd.DataFrame(columns=list(CODED_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def _coded(session: Session, study: Study, item: FreeTextQuestion) -> pd.DataFrame:
    """The coded rows of one question, in one query read as columns."""
    machine = aliased(MachineCoding)
    person = aliased(HumanCoding)
    columns = read_columns(
        session,
        written_answers_query(study, item.key, item.question.id)
        .with_only_columns(
            Answer.id.label("answer_id"),
            Answer.response_id,
            Answer.text,
            cast(machine.codes, Text).label("machine_codes"),
            machine.sentiment.label("machine_sentiment"),
            machine.not_applicable.label("machine_na"),
            machine.method,
            person.id.label("person"),
            cast(person.codes, Text).label("person_codes"),
            person.sentiment.label("person_sentiment"),
            person.not_applicable.label("person_na"),
        )
        .outerjoin(machine, machine.answer_id == Answer.id)
        .outerjoin(
            person,
            (person.answer_id == Answer.id)
            & (person.round == 1)
            & (person.codebook == item.codebook),
        ),
    ).to_pandas()
    staff = columns["person"].notna()
    codes = columns["person_codes"].where(staff, columns["machine_codes"])
    # Few distinct lists of codes: each is parsed once.
    parsed = {text: tuple(json.loads(text)) for text in codes.dropna().unique()}
    frame = pd.DataFrame(
        {
            "answer_id": columns["answer_id"].astype("int64"),
            "response_id": columns["response_id"].astype("int64"),
            "questionnaire": item.key,
            "question_id": item.question.id,
            "text": columns["text"],
            "codes": [parsed.get(c, ()) if isinstance(c, str) else () for c in codes],
            "sentiment": columns["person_sentiment"].where(staff, columns["machine_sentiment"]),
            "not_applicable": columns["person_na"]
            .where(staff, columns["machine_na"])
            .fillna(0)
            .astype(bool),
            "coded_by": pd.Series("staff", index=columns.index).where(staff, columns["method"]),
        },
        columns=list(CODED_COLUMNS),
    )
    return frame.sort_values("answer_id", kind="stable").reset_index(drop=True)
