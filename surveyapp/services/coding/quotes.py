"""Quotes for the findings report: candidates per theme and sentiment, anonymised before anyone
sees them outside the review page, published only once a member of staff approves them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.anonymise import Anonymiser
from analysis.themes.codebook import Codebook
from analysis.themes.quotes import quote_candidates
from surveyapp.models import Answer, QuestionnaireVersion, Quote, Response, Study, User
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.coding.codebooks import study_codebook
from surveyapp.services.coding.questions import (
    free_text_question,
    free_text_questions,
    written_answer_ids,
    written_answers_query,
)
from surveyapp.services.coding.theming import coded_frame
from surveyapp.services.responses.frames import COUNTED, held_back
from surveyapp.services.studies import get_study

SHOWN = ("positive", "negative")  # as the Bromley report lays its quotes out
PER_THEME = 3


def anonymiser_for(session: Session, study: Study) -> Anonymiser:
    """Hides the usual identifiers and the names staff listed for the study, and the names of
    the people who use this platform (staff and volunteers are named in feedback too)."""
    names = [n.strip() for n in (study.names_to_hide or "").replace(";", "\n").splitlines()]
    names += [u.name for u in session.scalars(select(User)) if u.name and "@" not in u.name]
    return Anonymiser(staff_names=[n for n in names if n])


@dataclass
class QuoteChoice:
    answer_id: int
    theme: str
    theme_label: str
    sentiment: str
    text: str  # anonymised
    status: str  # candidate, approved or rejected


@dataclass
class QuotePage:
    study: Study
    label: str
    key: str
    question_id: str
    choices: list[QuoteChoice] = field(default_factory=list)


def quote_page(session: Session, slug: str, key: str, question_id: str) -> QuotePage:
    """For each theme raised, the best positive and negative candidates, anonymised."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    codebook = study_codebook(session, study, item.codebook)
    frame = coded_frame(session, study)
    frame = frame[(frame["questionnaire"] == key) & (frame["question_id"] == question_id)]
    decided = {
        (q.answer_id, q.theme): q
        for q in session.scalars(
            select(Quote).where(Quote.answer_id.in_(written_answer_ids(study, key, question_id)))
        )
    }
    anonymiser = anonymiser_for(session, study)
    page = QuotePage(study, item.label, key, question_id)
    for theme in codebook.themes():
        for sentiment in SHOWN:
            for candidate in quote_candidates(frame, theme.key, sentiment, limit=PER_THEME):
                known = decided.get((candidate.answer_id, theme.key))
                page.choices.append(
                    QuoteChoice(
                        answer_id=candidate.answer_id,
                        theme=theme.key,
                        theme_label=theme.label,
                        sentiment=sentiment,
                        text=known.text if known else anonymiser.anonymise(candidate.text).text,
                        status=known.status if known else "candidate",
                    )
                )
    return page


def decide_quote(
    session: Session,
    slug: str,
    key: str,
    question_id: str,
    answer_id: int,
    theme: str,
    sentiment: str,
    decision: str,
    user: User,
    text: str | None = None,
) -> Quote:
    """Approve (publish) or reject a candidate quote of a question. Staff may shorten the
    anonymised words (a quote is the respondent's words, never new ones) and it is anonymised
    again whatever they send."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    answer = session.scalar(
        written_answers_query(study, key, question_id).where(Answer.id == answer_id)
    )
    if answer is None:
        raise NotFoundError("That answer is not one of this question's counted answers")
    if study_codebook(session, study, item.codebook).theme(theme) is None:
        raise ServiceError("That theme is not in the question's codebook; reload the page")
    if decision not in ("approved", "rejected"):
        raise ServiceError("Approve or reject the quote")
    if sentiment not in SHOWN:
        raise ServiceError("Quotes are positive or negative")
    anonymiser = anonymiser_for(session, study)
    whole = anonymiser.anonymise(answer.text or "").text
    chosen = anonymiser.anonymise(text).text if text and text.strip() else whole
    if not chosen.strip():
        raise ServiceError("The quote is empty; keep some of the answer's words")
    if not _shortened_from(chosen, whole):
        raise ServiceError(
            "A quote keeps the respondent's words: you can leave words out (mark the gap with "
            "...), not add or change them"
        )
    quote = session.scalar(select(Quote).filter_by(answer_id=answer_id, theme=theme))
    if quote is None:
        quote = Quote(answer_id=answer_id, theme=theme)
        session.add(quote)
    quote.sentiment = sentiment
    quote.text = chosen
    quote.status = decision
    quote.decided_by_id = user.id
    quote.decided_at = dt.datetime.now(dt.UTC)
    session.commit()
    return quote


def _words(text: str) -> list[str]:
    return re.findall(r"\[[a-z ]+\]|[\w']+", text.lower())


def _shortened_from(quote: str, answer: str) -> bool:
    """Whether every word of ``quote`` is a word of ``answer``, in order (words left out)."""
    remaining = iter(_words(answer))
    return all(word in remaining for word in _words(quote))


@dataclass(frozen=True)
class PublishedQuote:
    theme: str
    sentiment: str
    text: str


def published_quotes(
    session: Session, study: Study, keys: Iterable[str] | None = None
) -> list[PublishedQuote]:
    """Approved quotes of the study's counted answers (of the ``keys`` instruments), grouped by
    theme, positive before negative, anonymised again with today's names to hide."""
    wanted = {k for k in (keys or []) if k}
    labels: dict[str, str] = {}
    for item in free_text_questions(session, study):
        codebook: Codebook = study_codebook(session, study, item.codebook)
        labels.update({t.key: t.label for t in codebook.themes()})
    rows = session.execute(
        select(Quote, QuestionnaireVersion.key)
        .join(Answer, Quote.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Response.study_id == study.id,
            Response.status.in_(COUNTED),
            ~held_back(),
            Quote.status == "approved",
        )
        .order_by(Quote.theme, Quote.sentiment.desc(), Quote.id)
    ).all()
    chosen = [q for q, key in rows if not wanted or key in wanted]
    if not chosen:  # the anonymiser's word lists take a moment to load: only when needed
        return []
    anonymiser = anonymiser_for(session, study)
    return [
        PublishedQuote(labels.get(q.theme, q.theme), q.sentiment, anonymiser.anonymise(q.text).text)
        for q in chosen
    ]


def set_names_to_hide(session: Session, slug: str, names: str) -> Study:
    """Names hidden from the study's quotes besides the usual identifiers (one per line)."""
    study = get_study(session, slug)
    cleaned = "\n".join(n.strip() for n in names.replace(";", "\n").splitlines() if n.strip())
    study.names_to_hide = cleaned or None
    session.commit()
    return study
