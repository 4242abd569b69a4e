"""Training a study's theme classifier and sentiment model on the answers staff have coded (and
on a coded data set from elsewhere), then recoding. The models are ours (pickled by
``analysis.themes``) and kept in the database beside the study."""

from __future__ import annotations

import datetime as dt
import pickle
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.classifier import ThemeClassifier
from analysis.themes.sentiment import SentimentModel, question_kind
from analysis.themes.vocabulary import SENTIMENTS
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.models import Answer, HumanCoding, Response, ThemeModel
from surveyapp.services import ServiceError
from surveyapp.services.coding.codebooks import study_codebook
from surveyapp.services.coding.questions import free_text_questions
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.responses.frames import COUNTED
from surveyapp.services.studies import get_study

#: Fewer coded answers than this teach a model little; the rules alone do better.
MIN_CODED = 40


@dataclass(frozen=True)
class Training:
    answers: int
    seconds: float
    sentiment: bool


@dataclass(frozen=True)
class CodedExample:
    """A coded answer from elsewhere (another study, a shared coded data set)."""

    text: str
    codes: tuple[str, ...]
    sentiment: str | None = None
    question: str | None = None  # the question asked, for its kind ("How could it improve?")


def read_coded_file(data: bytes, filename: str) -> list[CodedExample]:
    """A coded data set as CSV or XLSX: columns ``text``, ``codes`` (theme keys, ``;`` between),
    optional ``sentiment`` and ``question``."""
    try:
        table = read_table(data, filename)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    header = [h.strip().lower() for h in table.header]
    if "text" not in header or "codes" not in header:
        raise ServiceError("The coded file needs a 'text' and a 'codes' column (theme keys, ;)")
    at = {name: header.index(name) for name in header}
    examples = []
    for row in table.rows:
        cell = {name: row.cells[i].strip() for name, i in at.items()}
        if cell["text"]:
            codes = tuple(c.strip() for c in cell["codes"].split(";") if c.strip())
            sentiment, question = cell.get("sentiment") or None, cell.get("question") or None
            examples.append(CodedExample(cell["text"], codes, sentiment, question))
    return examples


def train_models(
    session: Session, slug: str, codebook_key: str, extra: list[CodedExample] | None = None
) -> Training:
    """Train the classifier (combined with the rules) on every answer staff coded with this
    codebook in the study, plus ``extra`` coded examples, and the sentiment model on the
    sentiments; then recode."""
    study = get_study(session, slug)
    questions = {
        (q.key, q.question.id): q
        for q in free_text_questions(session, study)
        if q.codebook == codebook_key
    }
    rows = session.execute(
        select(Answer.text, Answer.question_id, HumanCoding.codes, HumanCoding.sentiment, Response)
        .join(HumanCoding, HumanCoding.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .where(
            HumanCoding.round == 1,
            HumanCoding.codebook == codebook_key,
            HumanCoding.not_applicable.is_(False),
            Response.study_id == study.id,
            Response.status.in_(COUNTED),
        )
    ).all()
    coded = [r for r in rows if (r.Response.questionnaire_version.key, r.question_id) in questions]
    extra = list(extra or [])
    if len(coded) + len(extra) < MIN_CODED:
        raise ServiceError(
            f"Staff have coded {len(coded)} answers with this codebook; code at least "
            f"{MIN_CODED} first (the rules alone do better on fewer)"
        )
    codebook = study_codebook(session, study, codebook_key)
    unknown = sorted({c for e in extra for c in e.codes if codebook.theme(c) is None})
    if unknown:
        raise ServiceError(
            f"The coded file uses codes the codebook does not have: {', '.join(unknown[:10])}"
        )
    texts = [row.text or "" for row in coded] + [e.text for e in extra]
    kinds = [
        question_kind(
            questions[(row.Response.questionnaire_version.key, row.question_id)].question.text
        )
        for row in coded
    ] + [question_kind(e.question) for e in extra]
    labels = [tuple(row.codes) for row in coded] + [e.codes for e in extra]
    felt_all = [row.sentiment for row in coded] + [e.sentiment for e in extra]
    started = time.perf_counter()
    themes = ThemeClassifier(codebook, use_rules=True)
    themes.fit(texts, labels, kinds)
    felt = [(t, k, s) for t, k, s in zip(texts, kinds, felt_all, strict=True) if s in SENTIMENTS]
    sentiment = None
    if len(felt) >= MIN_CODED and len({f[2] for f in felt}) > 1:
        sentiment = SentimentModel().fit(
            [f[0] for f in felt], [f[2] for f in felt], [f[1] for f in felt]
        )
    seconds = time.perf_counter() - started
    row = session.scalar(select(ThemeModel).filter_by(study_id=study.id, codebook=codebook_key))
    if row is None:
        row = ThemeModel(study_id=study.id, codebook=codebook_key)
        session.add(row)
    row.trained_on = len(texts)
    row.seconds = round(seconds, 2)
    row.themes = themes.to_bytes()
    row.sentiment = pickle.dumps(sentiment) if sentiment else None
    session.flush()
    row.trained_at = dt.datetime.now(dt.UTC)
    session.commit()
    run_theming(session, slug, only=list(questions))
    return Training(len(texts), seconds, sentiment is not None)
