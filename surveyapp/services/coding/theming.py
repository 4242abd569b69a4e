"""Automatic theming of a study's written answers (rules, combined with the study's trained
model once there is one, and sentiment: ``analysis.themes.combine``), stored beside people's
codes; and the coded frame ``analysis.themes`` tabulates, where people's codes always win."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.combine import AutoCoding, auto_code
from analysis.themes.tables import CODED_COLUMNS
from surveyapp.models import Answer, CodingSetup, HumanCoding, MachineCoding, Study
from surveyapp.services import ServiceError
from surveyapp.services.coding.codebooks import codebook_keys, rule_coder, study_codebook
from surveyapp.services.coding.questions import (
    FreeTextQuestion,
    free_text_question,
    free_text_questions,
    written_answers,
)
from surveyapp.services.coding.trained import trained_models
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


def run_theming(session: Session, slug: str, *, only: Iterable[tuple[str, str]] = ()) -> int:
    """Code every written answer of the study (or of the ``only`` questions) automatically:
    rules, combined with the study's trained model when there is one, and sentiment. Replaces
    earlier machine codes; people's codes are kept. Returns the answers coded."""
    study = get_study(session, slug)
    wanted = set(only)
    done = 0
    for item in free_text_questions(session, study):
        if wanted and (item.key, item.question.id) not in wanted:
            continue
        answers = written_answers(session, study, item.key, item.question.id)
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
        _store(session, codebook.key, answers, codings)
        done += len(answers)
    session.commit()
    return done


def _store(
    session: Session, codebook: str, answers: list[Answer], codings: list[AutoCoding]
) -> None:
    """Put ``codings`` in place of the answers' earlier machine codes (people's are apart)."""
    existing = {
        m.answer_id: m
        for m in session.scalars(
            select(MachineCoding).where(MachineCoding.answer_id.in_([a.id for a in answers]))
        )
    }
    now = dt.datetime.now(dt.UTC)
    for answer, coding in zip(answers, codings, strict=True):
        row = existing.get(answer.id) or MachineCoding(answer_id=answer.id)
        row.codebook = codebook
        row.codes = list(coding.codes)
        row.scores = coding.scores
        row.evidence = [[e.theme, e.start, e.end, e.text, e.negated] for e in coding.evidence]
        row.sentiment = coding.sentiment
        row.not_applicable = coding.not_applicable
        row.method = coding.method
        row.coded_at = now
        if answer.id not in existing:
            session.add(row)


def coded_frame(session: Session, study: Study) -> pd.DataFrame:
    """The study's coded frame (``analysis.themes.tables.CODED_COLUMNS``): one row per written
    answer, with people's codes where they have coded it, else the machine's."""
    records = []
    for item in free_text_questions(session, study):
        answers = written_answers(session, study, item.key, item.question.id)
        ids = [a.id for a in answers]
        machine = {
            m.answer_id: m
            for m in session.scalars(select(MachineCoding).where(MachineCoding.answer_id.in_(ids)))
        }
        human = {
            h.answer_id: h
            for h in session.scalars(
                select(HumanCoding).where(
                    HumanCoding.answer_id.in_(ids),
                    HumanCoding.round == 1,
                    HumanCoding.codebook == item.codebook,
                )
            )
        }
        fresh = _fresh_codings(session, study, item, [a for a in answers if a.id not in machine])
        for answer in answers:
            person, auto = human.get(answer.id), machine.get(answer.id) or fresh.get(answer.id)
            source = person or auto
            records.append(
                (
                    answer.id,
                    answer.response_id,
                    item.key,
                    item.question.id,
                    answer.text,
                    tuple(source.codes) if source else (),
                    (source.sentiment if source else None),
                    bool(source.not_applicable) if source else False,
                    "staff" if person else (auto.method if auto else None),
                )
            )
    return pd.DataFrame.from_records(records, columns=list(CODED_COLUMNS))


def _fresh_codings(
    session: Session, study: Study, item: FreeTextQuestion, answers: list[Answer]
) -> dict[int, AutoCoding]:
    # Answers that came in since the last automatic coding still count under their themes.
    if not answers:
        return {}
    codebook = study_codebook(session, study, item.codebook)
    texts = [a.text or "" for a in answers]
    codings = auto_code(texts, item.question.text, rule_coder(codebook), codebook)
    return {a.id: c for a, c in zip(answers, codings, strict=True)}
