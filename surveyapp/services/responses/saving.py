"""Saving answers, page by page, and submitting a response: one transaction each, idempotent;
and storing a whole return at once (keyed from paper, imported, generated for the demo)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, Section
from questionnaires.answers import GivenAnswer, PageMeta, answer_map, participant_code
from surveyapp.models import Answer, QuestionnaireVersion, Response, Study, StudyInstrument
from surveyapp.services import NotFoundError
from surveyapp.services.responses.contacts import contact_record
from surveyapp.services.retry import after_a_race

# The answer table itself, for the statements that write a page's rows at once.
ANSWER = Answer.__table__

# No 0/O, 1/I/L: a reference is read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_response(
    study: Study,
    version: QuestionnaireVersion,
    channel: str,
    *,
    status: str = "in_progress",
    **kw: Any,
) -> Response:
    """A new response of ``study`` to ``version`` through ``channel``: its reference, the hash
    of the definition its answers are given against, and whether it is demo data."""
    return Response(
        reference=new_reference(),
        study_id=study.id,
        questionnaire_version_id=version.id,
        content_sha256=version.content_sha256,
        channel=channel,
        status=status,
        resume_token=new_token(),
        is_demo=study.is_demo,
        **kw,
    )


def add_answers(
    session: Session,
    response: Response,
    definition: Questionnaire,
    answers: Iterable[GivenAnswer],
    contact: dict[str, str] | None = None,
) -> None:
    """Store a whole return at once (keyed from paper, imported): the answers, the contact
    details apart, blanks made explicit and follow-ups flagged. The caller commits."""
    response.answers = [answer_row(a) for a in answers]
    if contact:
        response.contact = contact_record(definition.contact_section, dict(contact))
    session.add(response)
    session.flush()
    complete_answers(response, definition)


def save_page(
    session: Session,
    *,
    study: Study,
    instrument: StudyInstrument,
    definition: Questionnaire,
    pages: Iterable[tuple[Section, Iterable[GivenAnswer]]],
    start_key: str | None = None,
    resume_token: str | None = None,
    channel: str = "online",
    meta: PageMeta | None = None,
    final: bool = False,
    keyed_by_id: int | None = None,
    forget_contact: bool = False,
) -> Response:
    """Save pages of answers (and submit, if ``final``) in one transaction; on the contact page,
    empty boxes keep the details left before and ``forget_contact`` removes them.

    Online, that is one page at a time; staff keying an interview save every page at once. The
    response is found by ``resume_token`` (a form in progress) or ``start_key`` (the first
    page, so a double-clicked first post finds the response it created), or else created. A
    response already submitted is returned unchanged: posting the same form twice stores one.
    """
    pages = [(section, list(answers)) for section, answers in pages]
    # Two posts of the same page can race (a double click without JavaScript, a proxy's
    # retry): the one that loses looks again, and finds the other's response.
    return after_a_race(
        session,
        lambda: _apply(
            session,
            study,
            instrument,
            definition,
            pages,
            start_key,
            resume_token,
            channel,
            meta,
            final,
            keyed_by_id,
            forget_contact,
        ),
        times=2,
    )


def _apply(
    session: Session,
    study: Study,
    instrument: StudyInstrument,
    definition: Questionnaire,
    pages: list[tuple[Section, list[GivenAnswer]]],
    start_key: str | None,
    resume_token: str | None,
    channel: str,
    meta: PageMeta | None,
    final: bool,
    keyed_by_id: int | None,
    forget_contact: bool,
) -> Response:
    response = _locate(session, study, instrument, resume_token, start_key)
    if response is None:
        response = new_response(
            study,
            instrument.questionnaire_version,
            channel,
            start_key=start_key,
            keyed_by_id=keyed_by_id,
        )
        session.add(response)
        session.flush()  # claims the start_key now, or fails here for the retry
    if response.status != "in_progress":
        return response
    for section, answers in pages:
        _replace_section(session, response, section, answers, forget_contact)
    if meta is not None:
        response.participant_code = participant_code(meta.participant_code)
        response.timepoint = meta.timepoint or None
    if final:
        session.flush()
        _submit(session, response, definition)
    session.commit()
    return response


def _locate(
    session: Session,
    study: Study,
    instrument: StudyInstrument,
    resume_token: str | None,
    start_key: str | None,
) -> Response | None:
    """The response this post continues, locked for the transaction (``FOR UPDATE`` where the
    database has it) so that two posts of one page are applied one after the other."""
    if resume_token:
        query = select(Response).filter_by(resume_token=resume_token, study_id=study.id)
    elif start_key:
        query = select(Response).filter_by(
            start_key=start_key,
            study_id=study.id,
            questionnaire_version_id=instrument.questionnaire_version_id,
        )
    else:
        return None
    response = session.scalar(
        query.with_for_update(of=Response).execution_options(populate_existing=True)
    )
    if resume_token and response is None:
        raise NotFoundError(
            "This link to a form in progress is not known; it may have been mistyped"
        )
    if response is not None and (
        response.questionnaire_version_id != instrument.questionnaire_version_id
    ):
        raise NotFoundError("This form in progress belongs to another questionnaire")
    return response


def _replace_section(
    session: Session,
    response: Response,
    section: Section,
    answers: list[GivenAnswer],
    forget_contact: bool = False,
) -> None:
    """Going back and changing a page replaces that page's answers, nothing else."""
    if section.is_contact:
        details = {
            a.question_id: a.text for a in answers if a.text and a.question_id in _ids(section)
        }
        # The details left before are never shown again (whoever holds the form's link could
        # read them), so empty boxes keep them; new ones replace them; asked, they go.
        if response.contact is not None and (details or forget_contact):
            session.delete(response.contact)
            session.flush()
            response.contact = None
        if details:
            response.contact = contact_record(section, details)
        return
    ids = _ids(section)
    session.execute(
        delete(Answer).where(Answer.response_id == response.id, Answer.question_id.in_(ids))
    )
    # One statement for the page's rows (executemany, every row with the same columns), not an
    # ORM object and an INSERT each: saving a page is on every patient's path.
    rows = [
        {"response_id": response.id, **answer_values(given)}
        for given in answers
        if given.question_id in ids
    ]
    if rows:
        session.execute(insert(ANSWER), rows)
    session.expire(response, ["answers"])


def _ids(section: Section) -> set[str]:
    return {q.id for q in section.questions if q.takes_answer}


def answer_row(given: GivenAnswer) -> Answer:
    return Answer(**answer_values(given))


def answer_values(given: GivenAnswer) -> dict[str, Any]:
    """The columns of the answer row that stores ``given``."""
    return {
        "question_id": given.question_id,
        "item": given.item,
        "value_code": given.value_code,
        "other_text": given.other_text,
        "text": given.text,
        "number": given.number,
        "date_value": given.date_value,
        "state": given.state,
        "ticked": given.ticked,
    }


def _submit(session: Session, response: Response, definition: Questionnaire) -> None:
    """Close a response: blanks made explicit, follow-ups flagged, status and time set. As
    ``complete_answers`` does for a whole return, in one statement of each kind, since the last
    page of every online form comes here."""
    stored = session.execute(
        select(
            ANSWER.c.id,
            ANSWER.c.question_id,
            ANSWER.c.state,
            ANSWER.c.value_code,
            ANSWER.c.text,
            ANSWER.c.number,
            ANSWER.c.date_value,
        ).where(ANSWER.c.response_id == response.id)
    ).all()
    blanks, met = completion(definition, stored)
    if blanks:
        session.execute(
            insert(ANSWER),
            [{"response_id": response.id, "question_id": q, "state": "blank"} for q in blanks],
        )
    flagged = [
        {"answer_id": row.id, "met": condition_met}
        for row, condition_met in zip(stored, met, strict=True)
        if condition_met is not None
    ]
    if flagged:
        session.execute(
            update(ANSWER)
            .where(ANSWER.c.id == bindparam("answer_id"))
            .values(condition_met=bindparam("met")),
            flagged,
        )
    session.expire(response, ["answers"])
    response.status = "submitted"
    response.submitted_at = dt.datetime.now(dt.UTC)


def complete_answers(response: Response, definition: Questionnaire) -> None:
    """Make every unanswered question an explicit blank and flag follow-ups answered although
    their condition was not met (kept whatever the condition says, so analysis can decide)."""
    blanks, met = completion(definition, response.answers)
    for question_id in blanks:
        response.answers.append(Answer(question_id=question_id, state="blank"))
    for answer, condition_met in zip(response.answers, met, strict=False):
        if condition_met is not None:
            answer.condition_met = condition_met


def completion(
    definition: Questionnaire, answers: Sequence[Any]
) -> tuple[list[str], list[bool | None]]:
    """What completing a return adds: the questions taking an answer that ``answers`` (given
    answers or stored rows) leave out, to store as blanks; and for each answer, whether its
    condition was met (None: not a follow-up, or not answered)."""
    given = answer_map(answers)
    answered_ids = {a.question_id for a in answers}
    blanks = [q.id for q in definition.questions() if q.takes_answer and q.id not in answered_ids]
    questions = {q.id: q for q in definition.questions()}
    met: list[bool | None] = []
    for answer in answers:
        question = questions.get(answer.question_id)
        follows = question is not None and question.show_if is not None
        met.append(
            question.show_if.is_met(given)
            if follows and question.show_if is not None and answer.state == "answered"
            else None
        )
    return blanks, met
