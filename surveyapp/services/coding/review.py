"""People reviewing the automatic codes: one answer at a time with its suggested codes and the
words that triggered them, accept / reject / add; a second coder codes a sample blind; the page
shows Cohen's kappa per theme between them, and how the automatic codes fare against people's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.themes.agreement import (
    ThemeAgreement,
    ThemeScore,
    machine_scores,
    micro_scores,
    theme_agreement,
)
from analysis.themes.codebook import Codebook
from analysis.themes.vocabulary import SENTIMENTS
from surveyapp.models import Answer, HumanCoding, MachineCoding, Study, User
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.coding.codebooks import study_codebook
from surveyapp.services.coding.questions import (
    FreeTextQuestion,
    free_text_question,
    free_text_questions,
    written_answer_ids,
    written_answers,
)
from surveyapp.services.studies import get_study

#: The share of answers (in %) a second coder codes blind, to measure agreement.
SECOND_SAMPLE = 20


def in_second_sample(answer_id: int) -> bool:
    """A fixed, spread-out sample: the same answers whoever asks, none chosen by a person."""
    return (answer_id * 2654435761) % 100 < SECOND_SAMPLE


@dataclass(frozen=True)
class Segment:
    text: str
    themes: tuple[str, ...] = ()  # labels of the themes these words triggered


@dataclass
class ReviewItem:
    """One answer on the review page."""

    study: Study
    item: FreeTextQuestion
    codebook: Codebook
    answer: Answer
    round: int
    segments: list[Segment]
    suggested: list[str]  # theme keys the machine suggests (none in the blind second round)
    chosen: list[str]  # the codes ticked when the page opens
    sentiment: str | None
    not_applicable: bool
    done: int
    total: int
    next_id: int | None
    previous_id: int | None
    coded_by: str | None = None


def _highlight(text: str, evidence: list, codebook: Codebook) -> list[Segment]:
    """The answer cut into plain words and words that triggered codes (with their themes)."""
    marks: dict[int, set[str]] = {}
    for theme, start, end, _words, _negated in evidence:
        label = codebook.theme(theme).label if codebook.theme(theme) else theme
        for i in range(max(0, start), min(len(text), end)):
            marks.setdefault(i, set()).add(label)
    segments: list[Segment] = []
    for i, char in enumerate(text):
        themes = tuple(sorted(marks.get(i, ())))
        if segments and segments[-1].themes == themes:
            segments[-1] = Segment(segments[-1].text + char, themes)
        else:
            segments.append(Segment(char, themes))
    return segments


def _codings(session: Session, study: Study, item: FreeTextQuestion) -> list[HumanCoding]:
    """People's codes, both rounds, of the question's written answers that count."""
    return list(
        session.scalars(
            select(HumanCoding).where(
                HumanCoding.answer_id.in_(written_answer_ids(study, item.key, item.question.id)),
                HumanCoding.codebook == item.codebook,
            )
        )
    )


def _machine(session: Session, study: Study, item: FreeTextQuestion) -> dict[int, list[str]]:
    """The machine's codes of the question's written answers that count, by answer."""
    ids = written_answer_ids(study, item.key, item.question.id)
    rows = session.execute(
        select(MachineCoding.answer_id, MachineCoding.codes).where(MachineCoding.answer_id.in_(ids))
    )
    return {answer_id: list(codes) for answer_id, codes in rows}


def _queue(
    session: Session, study: Study, item: FreeTextQuestion, round_: int, user: User
) -> tuple[list[Answer], set[int]]:
    """The answers ``user`` may code in this round, and those already coded in it. The two
    rounds stay apart: nobody codes the same answer in both (kappa would compare a person
    with themselves), and the second coder codes only the sample."""
    answers = written_answers(session, study, item.key, item.question.id)
    rows = _codings(session, study, item)
    other_round = {h.answer_id for h in rows if h.round != round_ and h.coder_id == user.id}
    answers = [a for a in answers if a.id not in other_round]
    if round_ == 2:
        answers = [a for a in answers if in_second_sample(a.id)]
    done = {h.answer_id for h in rows if h.round == round_}
    return answers, done


def review_item(
    session: Session,
    slug: str,
    key: str,
    question_id: str,
    user: User,
    *,
    round_: int = 1,
    answer_id: int | None = None,
) -> ReviewItem | None:
    """The answer to review: ``answer_id``, or the first not yet coded in this round. None
    when every answer of the round is coded."""
    if round_ not in (1, 2):
        raise NotFoundError("There are two rounds of coding: 1, and 2 (a second coder, blind)")
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    codebook = study_codebook(session, study, item.codebook)
    answers, done = _queue(session, study, item, round_, user)
    ids = [a.id for a in answers]
    if answer_id is None:
        answer_id = next((i for i in ids if i not in done), None)
        if answer_id is None:
            return None
    if answer_id not in ids:
        raise NotFoundError("That answer is not one of this question's to code in this round")
    answer = answers[ids.index(answer_id)]
    machine = session.scalar(select(MachineCoding).filter_by(answer_id=answer.id))
    person = session.scalar(
        select(HumanCoding).filter_by(answer_id=answer.id, round=round_, codebook=item.codebook)
    )
    blind = round_ == 2
    suggested = [] if blind or machine is None else list(machine.codes)
    position = ids.index(answer_id)
    following = [i for i in ids[position + 1 :] + ids[:position] if i not in done]
    return ReviewItem(
        study=study,
        item=item,
        codebook=codebook,
        answer=answer,
        round=round_,
        segments=_highlight(
            answer.text or "", [] if blind or machine is None else machine.evidence, codebook
        ),
        suggested=suggested,
        chosen=list(person.codes) if person else suggested,
        sentiment=person.sentiment
        if person
        else (None if blind or machine is None else machine.sentiment),
        not_applicable=person.not_applicable
        if person
        else bool(machine and machine.not_applicable and not blind),
        done=len(done),
        total=len(ids),
        next_id=following[0] if following else None,
        previous_id=ids[position - 1] if position else None,
        coded_by=person.coder.name if person else None,
    )


def save_coding(
    session: Session,
    slug: str,
    key: str,
    question_id: str,
    answer_id: int,
    user: User,
    *,
    round_: int,
    codes: list[str],
    sentiment: str | None,
    not_applicable: bool,
) -> None:
    """A person's codes for an answer (they win over the machine's from now on)."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    codebook = study_codebook(session, study, item.codebook)
    answers, _done = _queue(session, study, item, round_, user)
    if answer_id not in {a.id for a in answers}:
        raise NotFoundError("That answer is not one of this question's to code in this round")
    unknown = [c for c in codes if codebook.theme(c) is None]
    if unknown:
        raise ServiceError(f"{', '.join(unknown)} is not a theme of the codebook; reload the page")
    if sentiment and sentiment not in SENTIMENTS:
        raise ServiceError("Choose positive, mixed or negative for the sentiment")
    if not_applicable and codes:
        raise ServiceError(
            "An answer that says nothing to code takes no theme: untick the themes, or untick "
            "'says nothing to code'"
        )
    row = session.scalar(
        select(HumanCoding).filter_by(answer_id=answer_id, round=round_, codebook=item.codebook)
    )
    if row is None:
        row = session.scalar(select(HumanCoding).filter_by(answer_id=answer_id, round=round_))
    if row is None:
        row = HumanCoding(answer_id=answer_id, round=round_)
        session.add(row)
    row.codebook = item.codebook
    row.coder_id = user.id
    row.codes = list(dict.fromkeys(codes))
    row.sentiment = sentiment or None
    row.not_applicable = not_applicable
    row.coded_at = dt.datetime.now(dt.UTC)
    session.commit()


@dataclass
class QuestionProgress:
    item: FreeTextQuestion
    answers: int
    machine: int
    coded: int
    second: int
    second_sample: int


@dataclass
class QuestionAgreement:
    """Kappa between the two coders, and the machine against the first coder."""

    shared: int
    kappas: list[ThemeAgreement] = field(default_factory=list)
    machine: list[ThemeScore] = field(default_factory=list)
    machine_overall: ThemeScore | None = None
    compared: int = 0
    against: str = ""
    labels: dict[str, str] = field(default_factory=dict)


def coding_overview(session: Session, slug: str) -> tuple[Study, list[QuestionProgress]]:
    """Per written-answer question: answers, machine-coded, coded by people (both rounds)."""
    study = get_study(session, slug)
    progress = []
    for item in free_text_questions(session, study):
        ids = session.scalars(written_answer_ids(study, item.key, item.question.id)).all()
        rounds = [h.round for h in _codings(session, study, item)]
        machine = session.scalar(
            select(func.count(MachineCoding.id)).where(
                MachineCoding.answer_id.in_(written_answer_ids(study, item.key, item.question.id))
            )
        )
        progress.append(
            QuestionProgress(
                item=item,
                answers=len(ids),
                machine=machine or 0,
                coded=rounds.count(1),
                second=rounds.count(2),
                second_sample=sum(in_second_sample(i) for i in ids),
            )
        )
    return study, progress


def question_agreement(
    session: Session, slug: str, key: str, question_id: str
) -> QuestionAgreement:
    """Cohen's kappa per theme between the two rounds, and the machine's precision and recall
    against the first round, for one question."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    codebook = study_codebook(session, study, item.codebook)
    rounds: dict[int, dict[int, list[str]]] = {1: {}, 2: {}}
    for h in _codings(session, study, item):
        rounds[h.round][h.answer_id] = list(h.codes)
    machine = _machine(session, study, item)
    used = {
        c for codes in (*rounds[1].values(), *rounds[2].values(), *machine.values()) for c in codes
    }
    shown = [t.key for t in codebook.themes() if t.key in used]
    shared = set(rounds[1]) & set(rounds[2])
    # The first round was coded with the suggestions ticked; the blind second round was not,
    # so it is the fairer measure of the machine once it has answers.
    reference = rounds[2] if rounds[2] else rounds[1]
    result = QuestionAgreement(
        shared=len(shared),
        compared=len(set(machine) & set(reference)),
        against="the blind second coder"
        if rounds[2]
        else "the first coder (who saw the suggestions)",
        labels={t.key: t.label for t in codebook.themes()},
    )
    if shared:
        result.kappas = theme_agreement(rounds[1], rounds[2], shown)
    if result.compared:
        result.machine = machine_scores(machine, reference, shown)
        result.machine_overall = micro_scores(machine, reference)
    return result


@dataclass(frozen=True)
class QuestionPage:
    study: Study
    progress: QuestionProgress
    agreement: QuestionAgreement


def question_page(session: Session, slug: str, key: str, question_id: str) -> QuestionPage:
    """A question's coding at a glance: progress in both rounds and the agreement figures."""
    study, progress = coding_overview(session, slug)
    found = next(
        (p for p in progress if p.item.key == key and p.item.question.id == question_id), None
    )
    if found is None:
        raise NotFoundError(f"Study '{slug}' has no written-answer question {key}.{question_id}")
    return QuestionPage(study, found, question_agreement(session, slug, key, question_id))
