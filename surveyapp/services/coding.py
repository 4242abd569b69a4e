"""Free-text coding of a study: which questions are coded with which codebook, the automatic
theming (rules, and a trained model once staff have coded enough), and the coded frame that
``analysis.themes`` tabulates. Human codes always win over the machine's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.codebook import (
    SHIPPED,
    Codebook,
    CodebookError,
    Theme,
    load_codebook,
    with_extra_themes,
)
from analysis.themes.rules import RuleCoder
from analysis.themes.sentiment import question_kind, rule_sentiments
from analysis.themes.tables import CODED_COLUMNS
from questionnaires import Question, Questionnaire
from surveyapp.models import (
    AddedTheme,
    Answer,
    CodingSetup,
    HumanCoding,
    MachineCoding,
    Response,
    Study,
    ThemeModel,
)
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.findings import study_definitions
from surveyapp.services.frames import held_back
from surveyapp.services.studies import get_study

DEFAULT_CODEBOOK = "social_prescribing"
COUNTED = ("submitted", "verified")


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


def free_text_question(session: Session, study: Study, key: str, question_id: str):
    """One of ``free_text_questions``, or NotFoundError."""
    for found in free_text_questions(session, study):
        if found.key == key and found.question.id == question_id:
            return found
    raise NotFoundError(f"Study '{study.slug}' has no written-answer question {key}.{question_id}")


def choose_codebook(session: Session, slug: str, key: str, question_id: str, codebook: str) -> None:
    """Code a question with another codebook, and recode its answers with it (codes staff gave
    with the earlier codebook are kept, but no longer count)."""
    study = get_study(session, slug)
    free_text_question(session, study, key, question_id)
    if codebook not in codebook_keys():
        raise ServiceError(
            f"There is no codebook '{codebook}': choose {', '.join(codebook_keys())}"
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


def added_themes(session: Session, study: Study, codebook: str) -> list[Theme]:
    return [
        Theme(
            id=a.theme_id,
            axis=a.axis,
            label=a.label,
            description=a.description or "",
            phrases=tuple(a.phrases),
        )
        for a in session.scalars(
            select(AddedTheme)
            .filter_by(study_id=study.id, codebook=codebook)
            .order_by(AddedTheme.id)
        )
    ]


def own_codebooks() -> dict[str, Path]:
    """Codebooks an organisation wrote itself: ``<key>.yaml`` files in SURVEYAPP_CODEBOOKS_DIR."""
    folder = current_app.config.get("CODEBOOKS_DIR")
    if not folder or not Path(str(folder)).is_dir():
        return {}
    return {p.stem: p for p in sorted(Path(str(folder)).glob("*.yaml"))}


def codebook_keys() -> list[str]:
    """Every codebook a question can be coded with: the shipped ones, then the organisation's."""
    return [*SHIPPED, *(k for k in own_codebooks() if k not in SHIPPED)]


def study_codebook(session: Session, study: Study, codebook: str) -> Codebook:
    """The codebook (shipped, or the organisation's own) with the themes staff added for this
    study."""
    try:
        base = load_codebook(own_codebooks().get(codebook, codebook))
    except CodebookError as exc:
        raise ServiceError(str(exc)) from exc
    return with_extra_themes(base, added_themes(session, study, codebook))


_coders: dict[str, RuleCoder] = {}


def rule_coder(codebook: Codebook) -> RuleCoder:
    """The compiled rules of ``codebook``. Compiling the matchers takes a moment, so they are
    kept per content (a study's added themes make another codebook)."""
    key = repr(codebook.axes)
    if key not in _coders:
        if len(_coders) > 32:
            _coders.clear()
        _coders[key] = RuleCoder(codebook)
    return _coders[key]


def written_answers(session: Session, study: Study, key: str, question_id: str) -> list[Answer]:
    """The written answers to a question that count (submitted or verified, not held back)."""
    return list(
        session.scalars(
            select(Answer)
            .join(Response, Answer.response_id == Response.id)
            .where(
                Response.study_id == study.id,
                Response.status.in_(COUNTED),
                ~held_back(),
                Answer.question_id == question_id,
                Answer.state == "answered",
                Answer.text.is_not(None),
            )
            .where(Response.questionnaire_version.has(key=key))
            .order_by(Answer.id)
        )
    )


def run_theming(session: Session, slug: str, *, only: Iterable[tuple[str, str]] = ()) -> int:
    """Code every written answer of the study (or of the ``only`` questions) automatically:
    rules, combined with the study's trained model when there is one, and sentiment. Replaces
    earlier machine codes; people's codes are kept. Returns the answers coded."""
    from surveyapp.services.coding_model import trained_models

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
        _code_answers(session, codebook, item, answers, models)
        done += len(answers)
    session.commit()
    return done


def _code_answers(session: Session, codebook: Codebook, item: FreeTextQuestion, answers, models):
    texts = [a.text or "" for a in answers]
    kind = question_kind(item.question.text)
    codings = rule_coder(codebook).code_many(texts)
    kinds = [kind] * len(texts)
    model_codes = models.themes.predict(texts, kinds) if models.themes else None
    model_scores = models.themes.scores(texts, kinds) if models.themes else None
    sentiments = (
        models.sentiment.predict(texts, kinds) if models.sentiment else rule_sentiments(texts, kind)
    )
    existing = {
        m.answer_id: m
        for m in session.scalars(
            select(MachineCoding).where(MachineCoding.answer_id.in_([a.id for a in answers]))
        )
    }
    now = dt.datetime.now(dt.UTC)
    for i, (answer, coding) in enumerate(zip(answers, codings, strict=True)):
        codes = list(coding.codes)
        if model_codes is not None and not coding.not_applicable:
            learned = set(models.themes.labels)
            # The model decides the themes it has learned; the rules keep the others.
            codes = [c for c in codes if c not in learned] + [
                c for c in model_codes[i] if codebook.theme(c) is not None and c not in codes
            ]
        row = existing.get(answer.id) or MachineCoding(answer_id=answer.id)
        row.codebook = codebook.key
        row.codes = codes
        row.scores = {k: round(v, 4) for k, v in (model_scores[i] if model_scores else {}).items()}
        row.evidence = [[e.theme, e.start, e.end, e.text, e.negated] for e in coding.evidence]
        row.sentiment = sentiments[i]
        row.not_applicable = coding.not_applicable
        row.method = "combined" if models.themes else "rules"
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


@dataclass(frozen=True)
class _Fresh:
    """Codes worked out now for an answer the automatic coding has not stored yet."""

    codes: tuple[str, ...]
    sentiment: str
    not_applicable: bool
    method: str = "rules"


def _fresh_codings(
    session: Session, study: Study, item: FreeTextQuestion, answers: list[Answer]
) -> dict[int, _Fresh]:
    # Answers that came in since the last automatic coding still count under their themes.
    if not answers:
        return {}
    codebook = study_codebook(session, study, item.codebook)
    texts = [a.text or "" for a in answers]
    codings = rule_coder(codebook).code_many(texts)
    sentiments = rule_sentiments(texts, question_kind(item.question.text))
    return {
        a.id: _Fresh(c.codes, s, c.not_applicable)
        for a, c, s in zip(answers, codings, sentiments, strict=True)
    }


def theme_model_row(session: Session, study: Study, codebook: str) -> ThemeModel | None:
    return session.scalar(select(ThemeModel).filter_by(study_id=study.id, codebook=codebook))


def set_names_to_hide(session: Session, slug: str, names: str) -> Study:
    """Names hidden from the study's quotes besides the usual identifiers (one per line)."""
    study = get_study(session, slug)
    cleaned = "\n".join(n.strip() for n in names.replace(";", "\n").splitlines() if n.strip())
    study.names_to_hide = cleaned or None
    session.commit()
    return study
