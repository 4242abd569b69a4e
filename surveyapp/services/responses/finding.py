"""Finding a response: a form in progress by its secret link, a response by the reference the
person was given or by the serial of its paper form, and what a public form page opens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from questionnaires import Questionnaire
from surveyapp.models import Response, Study, StudyInstrument
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.services import NotFoundError
from surveyapp.services.studies import get_study, open_instrument, version_instrument


def find_in_progress(session: Session, study: Study, token: str) -> Response:
    response = session.scalar(select(Response).filter_by(resume_token=token, study_id=study.id))
    if response is None:
        raise NotFoundError(
            "This link to a form in progress is not known; it may have been mistyped"
        )
    return response


def find_by_reference(session: Session, study: Study, reference: str) -> Response:
    response = session.scalar(
        select(Response).filter_by(reference=reference.upper(), study_id=study.id)
    )
    if response is None:
        raise NotFoundError(f"There is no response with reference {reference}")
    return response


def open_form(
    session: Session, slug: str, key: str, token: str | None
) -> tuple[Study, StudyInstrument, Questionnaire, Response | None]:
    """What a public form page needs: a form in progress stays on the version it was started
    on, even after a newer version has taken over the public link."""
    if not token:
        return (*open_instrument(session, slug, key), None)
    # The response, its study and its version in one query (each page of a form opens it).
    response = session.scalar(
        select(Response)
        .join(Response.study)
        .where(Study.slug == slug, Response.resume_token == token)
        .options(contains_eager(Response.study))
    )
    if response is None:
        raise NotFoundError(
            "This link to a form in progress is not known; it may have been mistyped"
        )
    version = response.questionnaire_version
    if version.key != key:
        raise NotFoundError("This form in progress belongs to another questionnaire")
    return (response.study, *version_instrument(session, response.study, version), response)


def locate_response(session: Session, slug: str, typed: str) -> Response:
    """The study's response whose reference, or paper serial, is ``typed``."""
    study = get_study(session, slug)
    text = typed.strip()
    if not text:
        raise NotFoundError("Type a response's reference (like 7K3P-9QXD) or a paper serial")
    try:
        serial = normalise_serial(text)
    except SerialError:
        serial = None
    if serial:
        found = session.scalar(select(Response).filter_by(study_id=study.id, paper_serial=serial))
        if found is not None:
            return found
    return find_by_reference(session, study, text)
