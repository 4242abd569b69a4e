"""Printing paper forms: a batch of serial-numbered copies of one version, and what its PDF
draws."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exports.paper.form import PrintedCopy
from questionnaires import Questionnaire
from surveyapp.models import PaperBatch, PaperForm, Study, User
from surveyapp.paper.serials import format_serial, qr_payload
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.definitions import served_definition
from surveyapp.services.retry import after_a_race
from surveyapp.services.studies import get_study, open_instrument

MAX_COPIES = 2000


def print_batch(
    session: Session,
    slug: str,
    key: str,
    version: int | None,
    copies: int,
    *,
    large_print: bool = False,
    user: User | None = None,
) -> PaperBatch:
    """Allocate ``copies`` new serials for ``key`` (the version named, or the newest open one)
    of study ``slug``. Serials are unique across every study, so a serial alone finds its form."""
    if not 1 <= copies <= MAX_COPIES:
        raise ServiceError(f"Print between 1 and {MAX_COPIES} copies at a time (asked: {copies})")
    study, instrument, definition = open_instrument(session, slug, key, version)
    if "paper" not in definition.channels:
        raise ServiceError(
            f"{definition.label} is not a paper questionnaire (its channels are "
            f"{', '.join(definition.channels)}); add 'paper' in a new version to print it"
        )
    # Someone printing at the same moment may take these numbers: then take the next ones.
    return after_a_race(
        session,
        lambda: _allocate(
            session, study, instrument.questionnaire_version_id, copies, large_print, user
        ),
        times=3,
    )


def _allocate(
    session: Session,
    study: Study,
    version_id: int,
    copies: int,
    large_print: bool,
    user: User | None,
) -> PaperBatch:
    highest = session.scalar(select(func.max(PaperForm.serial)))
    start = int(highest.split("-")[0]) + 1 if highest else 1
    batch = PaperBatch(
        study_id=study.id,
        questionnaire_version_id=version_id,
        copies=copies,
        large_print=large_print,
        printed_by_id=user.id if user is not None else None,
    )
    batch.forms = [
        PaperForm(
            serial=format_serial(number),
            study_id=study.id,
            questionnaire_version_id=version_id,
        )
        for number in range(start, start + copies)
    ]
    session.add(batch)
    session.commit()
    return batch


def get_batch(session: Session, slug: str, batch_id: int) -> PaperBatch:
    study = get_study(session, slug)
    batch = session.get(PaperBatch, batch_id)
    if batch is None or batch.study_id != study.id:
        raise NotFoundError(f"Study '{slug}' has no print batch {batch_id}")
    return batch


def list_batches(session: Session, study: Study) -> list[PaperBatch]:
    return list(
        session.scalars(
            select(PaperBatch)
            .filter_by(study_id=study.id)
            .order_by(PaperBatch.printed_at.desc(), PaperBatch.id.desc())
        )
    )


@dataclass(frozen=True)
class PrintJob:
    """What ``exports.paper.form.paper_forms_pdf`` draws for a batch: every copy with its serial
    (and the QR code's payload), from the version's definition."""

    definition: Questionnaire
    copies: list[PrintedCopy]
    study_name: str
    large_print: bool
    filename: str


def print_job(session: Session, batch: PaperBatch) -> PrintJob:
    """The batch's copies, ready to draw."""
    definition = served_definition(session, batch.questionnaire_version)
    study = session.get(Study, batch.study_id)
    return PrintJob(
        definition=definition,
        copies=[
            PrintedCopy(
                serial=form.serial,
                payload=qr_payload(form.serial, definition.key, definition.version),
            )
            for form in batch.forms
        ],
        study_name=study.name if study else "",
        large_print=batch.large_print,
        filename=batch_filename(batch),
    )


def batch_filename(batch: PaperBatch) -> str:
    first, last = batch.forms[0].serial, batch.forms[-1].serial
    size = "-large-print" if batch.large_print else ""
    version = batch.questionnaire_version
    return f"{version.key}-v{version.version}{size}-{first}-to-{last}.pdf"
