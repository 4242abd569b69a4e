"""Keying returned paper forms: first entry, blind second entry, and the keyer's own correction
straight after saving. One transaction each."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from surveyapp.models import (
    ContactDetails,
    Discrepancy,
    PaperEntry,
    PaperForm,
    Response,
    Study,
    User,
)
from surveyapp.paper.comparison import disagreements
from surveyapp.paper.keying import KeyedForm
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.paper.values import from_plain, to_plain
from surveyapp.services import ServiceError
from surveyapp.services.definitions import served_definition
from surveyapp.services.response_changes import record_quality, replace_answers
from surveyapp.services.responses import answer_row, complete_answers, new_reference, new_token

CORRECTION_REASON = "Corrected by the person who keyed it, straight after saving"


class EntryRefusedError(ServiceError):
    """This serial cannot be keyed now; the message says why (and by whom and when)."""


@dataclass(frozen=True)
class EntryTarget:
    """A form about to be keyed: its first or second entry, or a correction of ``correcting``."""

    form: PaperForm
    number: int
    definition: Questionnaire
    correcting: PaperEntry | None = None

    @property
    def include_contact(self) -> bool:
        # Contact details are keyed once, from the first entry, and never shown back.
        return self.number == 1


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%-d %B %Y at %H:%M")


def find_form(session: Session, typed_serial: str) -> PaperForm:
    try:
        serial = normalise_serial(typed_serial)
    except SerialError as exc:
        raise EntryRefusedError(str(exc)) from None
    form = session.scalar(select(PaperForm).filter_by(serial=serial))
    if form is None:
        raise EntryRefusedError(
            f"Serial {serial} was not printed here: check the number at the top of the form"
        )
    return form


def open_entry(session: Session, typed_serial: str, user: User) -> EntryTarget:
    """The entry ``user`` may key for this serial, or EntryRefusedError saying why not."""
    form = find_form(session, typed_serial)
    if form.response is not None and form.response.status == "void":
        raise EntryRefusedError(f"Serial {form.serial} was voided by staff; put the form aside")
    entries = form.entries
    if entries and form.double_entry and len(entries) == 1:
        first = entries[0]
        if first.keyed_by_id == user.id:
            raise EntryRefusedError(
                f"You keyed serial {form.serial} on {_when(first.keyed_at)}. It is to be keyed "
                "a second time by someone else, without seeing yours: pass it on"
            )
        number = 2
    elif entries:
        said = " and ".join(
            f"{'keyed' if e.number == 1 else 'checked'} by {e.keyed_by.name} on {_when(e.keyed_at)}"
            for e in entries
        )
        raise EntryRefusedError(f"Serial {form.serial} was already {said}")
    else:
        number = 1
    return EntryTarget(form, number, served_definition(session, form.questionnaire_version))


def latest_entry(session: Session, user: User) -> PaperEntry | None:
    return session.scalar(
        select(PaperEntry)
        .filter_by(keyed_by_id=user.id)
        .order_by(PaperEntry.keyed_at.desc(), PaperEntry.id.desc())
        .limit(1)
    )


def open_correction(session: Session, typed_serial: str, user: User) -> EntryTarget:
    """The user's own latest entry, to correct before they key the next form."""
    form = find_form(session, typed_serial)
    entry = latest_entry(session, user)
    if entry is None or entry.paper_form_id != form.id:
        raise EntryRefusedError(
            f"Serial {form.serial} can no longer be corrected here: a form can be corrected "
            "until the next one is keyed. Ask a member of staff to correct it"
        )
    if entry.number == 1 and len(form.entries) > 1:
        raise EntryRefusedError(
            f"Serial {form.serial} has been keyed a second time since; ask a member of staff"
        )
    settled = session.scalar(
        select(Discrepancy.id).where(
            Discrepancy.response_id == form.response_id, Discrepancy.resolution.is_not(None)
        )
    )
    if settled is not None:
        raise EntryRefusedError(f"Serial {form.serial} is being reconciled; ask a member of staff")
    definition = served_definition(session, form.questionnaire_version)
    return EntryTarget(form, entry.number, definition, correcting=entry)


def key_entry(session: Session, target: EntryTarget, user: User, keyed: KeyedForm) -> PaperEntry:
    """Save a keyed form (``keyed`` has no errors) and run the data-quality rules on it."""
    if keyed.errors:
        raise ServiceError("The form still has boxes that cannot be read; correct them first")
    try:
        if target.correcting is not None:
            entry = _correct(session, target, user, keyed)
        elif target.number == 1:
            entry = _first(session, target, user, keyed)
        else:
            entry = _second(session, target, user, keyed)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise EntryRefusedError(
            f"Serial {target.form.serial} was saved by someone else a moment ago; type the "
            "serial again to see by whom"
        ) from None
    return entry


def _first(session: Session, target: EntryTarget, user: User, keyed: KeyedForm) -> PaperEntry:
    form, definition = target.form, target.definition
    study = session.get(Study, form.study_id)
    assert study is not None
    # Drawn now, not at printing, so nobody keying a form knows whether it will be checked.
    form.double_entry = secrets.randbelow(100) < study.double_entry_percent
    version = form.questionnaire_version
    response = Response(
        reference=new_reference(),
        study_id=form.study_id,
        questionnaire_version_id=version.id,
        content_sha256=version.content_sha256,
        channel="paper",
        status="in_progress",
        resume_token=new_token(),
        keyed_by_id=user.id,
        paper_serial=form.serial,
        participant_code=keyed.participant_code,
        timepoint=keyed.timepoint,
        is_demo=study.is_demo,
    )
    response.answers = [answer_row(a) for a in keyed.answers]
    if keyed.contact:
        response.contact = _contact(definition, keyed.contact)
    session.add(response)
    session.flush()
    complete_answers(response, definition)
    form.response = response
    if not form.double_entry:
        response.status = "submitted"
        response.submitted_at = dt.datetime.now(dt.UTC)
    entry = _entry(form, 1, user, keyed)
    form.entries.append(entry)
    record_quality(session, response, definition)
    return entry


def _second(session: Session, target: EntryTarget, user: User, keyed: KeyedForm) -> PaperEntry:
    form, definition = target.form, target.definition
    entry = _entry(form, 2, user, keyed)
    form.entries.append(entry)
    session.flush()
    _compare(session, form, definition)
    return entry


def _compare(session: Session, form: PaperForm, definition: Questionnaire) -> None:
    """Record where the two entries disagree; with none, the response is verified."""
    response = form.response
    assert response is not None
    first, second = form.entries[0], form.entries[1]
    for old in session.scalars(select(Discrepancy).filter_by(response_id=response.id)):
        session.delete(old)
    session.flush()
    found = disagreements(
        definition,
        [from_plain(a) for a in first.answers],
        [from_plain(a) for a in second.answers],
    )
    for (question_id, item), one, two in found:
        session.add(
            Discrepancy(
                response_id=response.id, question_id=question_id, item=item, first=one, second=two
            )
        )
    if found:
        response.status = "in_progress"
        response.submitted_at = None
    else:
        response.status = "verified"
        response.submitted_at = dt.datetime.now(dt.UTC)


def _correct(session: Session, target: EntryTarget, user: User, keyed: KeyedForm) -> PaperEntry:
    form, definition, entry = target.form, target.definition, target.correcting
    assert entry is not None
    entry.keys = keyed.keys
    entry.answers = [to_plain(a) for a in keyed.answers]
    response = form.response
    assert response is not None
    if entry.number == 2:
        session.flush()
        _compare(session, form, definition)
        return entry
    replace_answers(
        session,
        response,
        definition,
        keyed.answers,
        user=user,
        what=f"Corrected serial {form.serial} before the next form",
        reason=CORRECTION_REASON,
    )
    response.participant_code = keyed.participant_code
    response.timepoint = keyed.timepoint
    if keyed.contact:
        if response.contact is not None:
            session.delete(response.contact)
            session.flush()
        response.contact = _contact(definition, keyed.contact)
    record_quality(session, response, definition)
    return entry


def _entry(form: PaperForm, number: int, user: User, keyed: KeyedForm) -> PaperEntry:
    return PaperEntry(
        paper_form_id=form.id,
        number=number,
        keyed_by_id=user.id,
        keys=keyed.keys,
        answers=[to_plain(a) for a in keyed.answers],
    )


def _contact(definition: Questionnaire, details: dict[str, str]) -> ContactDetails:
    section = definition.contact_section
    days = (section.retention_days if section else None) or 365
    return ContactDetails(details=details, retain_until=dt.date.today() + dt.timedelta(days=days))
