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
from questionnaires.dates import written_time
from surveyapp.models import Discrepancy, PaperEntry, PaperForm, Response, Study, User
from surveyapp.paper.comparison import disagreements
from surveyapp.paper.keying import KeyedForm
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.paper.values import from_plain, to_plain
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit_response
from surveyapp.services.definitions import served_definition
from surveyapp.services.responses.changes import record_quality, replace_answers
from surveyapp.services.responses.contacts import contact_record
from surveyapp.services.responses.saving import add_answers, new_response

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
    zone: dt.tzinfo = dt.UTC  # where the times in its refusals are read

    @property
    def include_contact(self) -> bool:
        # Contact details are keyed once, from the first entry, and never shown back.
        return self.number == 1


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


def open_entry(
    session: Session, typed_serial: str, user: User, zone: dt.tzinfo = dt.UTC
) -> EntryTarget:
    """The entry ``user`` may key for this serial, or EntryRefusedError saying why not (with
    times where ``zone`` keeps its clocks)."""
    form = find_form(session, typed_serial)
    number = _next_number(form, user, zone)
    return EntryTarget(form, number, _definition(session, form), zone=zone)


def _next_number(form: PaperForm, user: User, zone: dt.tzinfo) -> int:
    """1 or 2: which keying of ``form`` ``user`` may make now (or EntryRefusedError)."""

    def at(moment: dt.datetime) -> str:
        return written_time(moment, zone)

    response, entries = form.response, form.entries
    if response is not None and response.status == "void":
        raise EntryRefusedError(f"Serial {form.serial} was voided by staff; put the form aside")
    if response is not None and not entries:
        raise EntryRefusedError(
            f"Serial {form.serial} was imported from a spreadsheet on {at(response.started_at)}"
            "; it is not keyed again"
        )
    if entries and form.double_entry and len(entries) == 1:
        if entries[0].keyed_by_id == user.id:
            raise EntryRefusedError(
                f"You keyed serial {form.serial} on {at(entries[0].keyed_at)}. It is to be "
                "keyed a second time by someone else, without seeing yours: pass it on"
            )
        return 2
    if entries:
        said = " and ".join(
            f"{'keyed' if e.number == 1 else 'checked'} by {e.keyed_by.name} on {at(e.keyed_at)}"
            for e in entries
        )
        raise EntryRefusedError(f"Serial {form.serial} was already {said}")
    return 1


def _definition(session: Session, form: PaperForm) -> Questionnaire:
    return served_definition(session, form.questionnaire_version)


def screen_for(session: Session, typed_serial: str, zone: dt.tzinfo = dt.UTC) -> EntryTarget:
    """The keying screen of a serial, only to show again what was typed when saving was
    refused (someone else saved it first): nothing typed is lost."""
    form = find_form(session, typed_serial)
    return EntryTarget(form, 1, _definition(session, form), zone=zone)


def latest_entry(session: Session, user: User) -> PaperEntry | None:
    return session.scalar(
        select(PaperEntry)
        .filter_by(keyed_by_id=user.id)
        .order_by(PaperEntry.keyed_at.desc(), PaperEntry.id.desc())
        .limit(1)
    )


def open_correction(
    session: Session, typed_serial: str, user: User, zone: dt.tzinfo = dt.UTC
) -> EntryTarget:
    """The user's own latest first keying, to correct before they key the next form."""
    form = find_form(session, typed_serial)
    entry = _correctable(form, latest_entry(session, user))
    return EntryTarget(form, entry.number, _definition(session, form), correcting=entry, zone=zone)


def _correctable(form: PaperForm, entry: PaperEntry | None) -> PaperEntry:
    """``entry``, the user's latest keying, if it is of ``form`` and may still be corrected;
    else EntryRefusedError saying why."""
    if entry is None or entry.paper_form_id != form.id:
        raise EntryRefusedError(
            f"Serial {form.serial} can no longer be corrected here: a form can be corrected "
            "until the next one is keyed. Ask a member of staff to correct it"
        )
    if form.response is not None and form.response.status == "void":
        raise EntryRefusedError(f"Serial {form.serial} was voided by staff; put the form aside")
    if entry.number == 2:
        # A second keying is compared as soon as it is saved; changing it then would let the
        # check be steered towards agreement. Staff settle differences from the paper.
        raise EntryRefusedError(
            f"A second keying cannot be changed once it is saved; staff compare serial "
            f"{form.serial} with the paper"
        )
    if len(form.entries) > 1:
        raise EntryRefusedError(
            f"Serial {form.serial} has been keyed a second time since; ask a member of staff"
        )
    return entry


def key_entry(session: Session, target: EntryTarget, user: User, keyed: KeyedForm) -> PaperEntry:
    """Save a keyed form (``keyed`` has no errors) and run the data-quality rules on it."""
    if keyed.errors:
        raise ServiceError("The form still has boxes that cannot be read; correct them first")
    try:
        # The form's row is locked (where the database can) and its state read again: between
        # opening the screen and saving it, someone else may have keyed or checked it.
        form = session.scalar(
            select(PaperForm)
            .where(PaperForm.id == target.form.id)
            .with_for_update(of=PaperForm)
            .execution_options(populate_existing=True)
        )
        if form is None:
            raise EntryRefusedError(f"Serial {target.form.serial} no longer exists")
        session.refresh(form, ["entries", "response"])
        if target.correcting is not None:
            _correctable(form, latest_entry(session, user))
            entry = _correct(session, form, target, user, keyed)
        elif _next_number(form, user, target.zone) != target.number:
            raise EntryRefusedError(
                f"Serial {form.serial} was keyed by someone else while this screen was open"
            )
        elif target.number == 1:
            entry = _first(session, form, target.definition, user, keyed)
        else:
            entry = _second(session, form, target.definition, user, keyed)
        session.commit()
    except EntryRefusedError:
        session.rollback()
        raise
    except IntegrityError:
        # Two keyings of one form raced to be first; the other one won.
        session.rollback()
        raise EntryRefusedError(
            f"Serial {target.form.serial} was saved by someone else a moment ago; nothing of "
            "yours was saved"
        ) from None
    return entry


def _first(
    session: Session, form: PaperForm, definition: Questionnaire, user: User, keyed: KeyedForm
) -> PaperEntry:
    study = session.get(Study, form.study_id)
    if study is None:  # deleted while the screen was open (a study's forms go with it)
        raise EntryRefusedError(f"Serial {form.serial} no longer belongs to a study")
    # Drawn now, not at printing, so nobody keying a form knows whether it will be checked.
    form.double_entry = secrets.randbelow(100) < study.double_entry_percent
    response = new_response(
        study,
        form.questionnaire_version,
        "paper",
        keyed_by_id=user.id,
        paper_serial=form.serial,
        participant_code=keyed.participant_code,
        timepoint=keyed.timepoint,
    )
    add_answers(session, response, definition, keyed.answers, keyed.contact)
    form.response = response
    if not form.double_entry:
        response.status = "submitted"
        response.submitted_at = dt.datetime.now(dt.UTC)
    entry = _entry(form, 1, user, keyed)
    form.entries.append(entry)
    record_quality(session, response, definition)
    return entry


def _second(
    session: Session, form: PaperForm, definition: Questionnaire, user: User, keyed: KeyedForm
) -> PaperEntry:
    entry = _entry(form, 2, user, keyed)
    form.entries.append(entry)
    session.flush()
    if form.response is None:  # a second keying always follows a first, which made it
        raise EntryRefusedError(f"Serial {form.serial} has no first keying to compare with")
    _compare(session, form, form.response, definition)
    return entry


def _compare(
    session: Session, form: PaperForm, response: Response, definition: Questionnaire
) -> None:
    """Record where the two entries disagree; with none, ``response`` is verified."""
    first, second = form.entries[0], form.entries[1]
    for old in session.scalars(select(Discrepancy).filter_by(response_id=response.id)):
        session.delete(old)
    session.flush()
    found = disagreements(
        definition,
        [from_plain(a) for a in first.answers],
        [from_plain(a) for a in second.answers],
        first.meta,
        second.meta,
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


def _correct(
    session: Session, form: PaperForm, target: EntryTarget, user: User, keyed: KeyedForm
) -> PaperEntry:
    """The first keyer corrects their keying before the next form; every change is audited."""
    definition, entry, response = target.definition, target.correcting, form.response
    if entry is None or response is None:
        raise EntryRefusedError(f"Serial {form.serial} has nothing to correct")
    entry.keys = keyed.keys
    entry.answers = [to_plain(a) for a in keyed.answers]
    entry.meta = _meta(keyed)
    what = f"Corrected serial {form.serial} before the next form"
    replace_answers(
        session, response, definition, keyed.answers, user=user, what=what, reason=CORRECTION_REASON
    )
    meta_changes = {
        name: (getattr(response, name), value)
        for name, value in _meta(keyed).items()
        if getattr(response, name) != value
    }
    if meta_changes:
        audit_response(session, user, response.id, what, meta_changes, CORRECTION_REASON)
        response.participant_code = keyed.participant_code
        response.timepoint = keyed.timepoint
    if keyed.contact:
        if response.contact is not None:
            session.delete(response.contact)
            session.flush()
        response.contact = contact_record(definition.contact_section, keyed.contact)
        audit_response(
            session,
            user,
            response.id,
            what + ": contact details replaced",
            reason=CORRECTION_REASON,
        )
    record_quality(session, response, definition)
    return entry


def _meta(keyed: KeyedForm) -> dict[str, str | None]:
    return {"participant_code": keyed.participant_code, "timepoint": keyed.timepoint}


def _entry(form: PaperForm, number: int, user: User, keyed: KeyedForm) -> PaperEntry:
    return PaperEntry(
        paper_form_id=form.id,
        number=number,
        keyed_by_id=user.id,
        keys=keyed.keys,
        answers=[to_plain(a) for a in keyed.answers],
        meta=_meta(keyed),
    )
