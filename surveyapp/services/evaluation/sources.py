"""Sources of a service evaluation's records: another record system's export, read through the
mapping staff set once for it and save under a name (see :mod:`surveyapp.importing.sources`).
Saved, listed, read, deleted; and the form that sets one up from a file of that system."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from analysis.service import RECORD_COLUMNS
from questionnaires.text import composed, control_character_problem
from surveyapp.importing.read import ImportFileError, read_header
from surveyapp.importing.sources import (
    SourceMapping,
    header_key,
    mapping_problems,
    proposed_mapping,
)
from surveyapp.models import RecordsSource, Study
from surveyapp.models.base import utcnow
from surveyapp.models.evaluation import DATE_ORDERS
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.files import kept_file
from surveyapp.services.studies import get_study

__all__ = [
    "MappingForm",
    "SourceError",
    "delete_source",
    "get_source",
    "list_sources",
    "mapping_form",
    "save_source",
    "source_mapping",
]

NAME_LENGTH = 100
HEADER_LENGTH = 255


class SourceError(ServiceError):
    """A source that cannot be saved: ``problems`` holds (field, what to do) for each field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@dataclass
class MappingForm:
    """What the form setting up a source shows: the file's headers and, for each of our
    columns, the header proposed (the saved source's, or one named like it)."""

    study: Study
    filename: str
    header: list[str]
    columns: dict[str, str]
    contact_date_column: str | None
    date_order: str
    name: str
    per_contact: bool


def list_sources(session: Session, slug: str) -> list[RecordsSource]:
    study = get_study(session, slug)
    return list(
        session.scalars(
            select(RecordsSource).filter_by(study_id=study.id).order_by(RecordsSource.name)
        )
    )


def get_source(session: Session, slug: str, name: str) -> RecordsSource:
    study = get_study(session, slug)
    found = session.scalar(select(RecordsSource).filter_by(study_id=study.id, name=name.strip()))
    if found is None:
        saved = ", ".join(s.name for s in list_sources(session, slug)) or "none yet"
        raise NotFoundError(
            f"No source is saved as '{name}' for this evaluation (saved: {saved}); set it up "
            "on the evaluation's import page"
        )
    return found


def source_mapping(source: RecordsSource) -> SourceMapping:
    return SourceMapping(
        dict(source.columns),
        source.date_order,
        source.contact_date_column or None,
        source.name,
    )


def save_source(
    session: Session,
    slug: str,
    name: str,
    columns: dict[str, str],
    *,
    date_order: str,
    contact_date_column: str | None = None,
    upload: str | None = None,
) -> RecordsSource:
    """Save (or replace, by ``name``) a source of study ``slug``'s records: ``columns`` maps our
    column to their header. With ``upload`` (a kept file of that system), each header must be
    one of the file's. Raises :class:`SourceError` naming each field to fix."""
    study = get_study(session, slug)
    name = composed(name).strip()
    contact = composed(contact_date_column or "").strip() or None
    columns = {ours: composed(theirs).strip() for ours, theirs in columns.items()}
    mapping = SourceMapping(columns, date_order, contact, name)
    problems = _name_problems(name) + mapping_problems(mapping)
    if upload is not None:
        problems += _not_in_file(mapping, _header(session, upload)[1])
    for field, text in [*columns.items(), ("contact_date_column", contact or "")]:
        if len(text) > HEADER_LENGTH or control_character_problem(text, "", multiline=False):
            problems.append((field, f"'{text[:40]}' is not a column name of a spreadsheet"))
    if problems:
        raise SourceError(problems)
    source = session.scalar(select(RecordsSource).filter_by(study_id=study.id, name=name))
    if source is None:
        source = RecordsSource(study_id=study.id, name=name)
        session.add(source)
    source.columns = dict(sorted(columns.items(), key=lambda c: RECORD_COLUMNS.index(c[0])))
    source.date_order = date_order
    source.contact_date_column = contact
    source.updated_at = utcnow()
    session.commit()
    return source


def delete_source(session: Session, slug: str, source_id: int) -> str:
    """Delete a saved source of study ``slug`` (records imported through it stay); its name."""
    study = get_study(session, slug)
    found = session.get(RecordsSource, source_id)
    if found is None or found.study_id != study.id:
        raise NotFoundError("That source is not saved for this evaluation")
    name = found.name
    session.execute(delete(RecordsSource).where(RecordsSource.id == source_id))
    session.commit()
    return name


def mapping_form(
    session: Session, slug: str, upload: str, source: str | None = None
) -> MappingForm:
    """The form setting up a source from the kept ``upload`` (a file of that system): the
    saved ``source``'s mapping when named, else one proposed from the file's headers."""
    study = get_study(session, slug)
    filename, header = _header(session, upload)
    if source:
        saved = get_source(session, slug, source)
        columns, contact = dict(saved.columns), saved.contact_date_column
        order, name = saved.date_order, saved.name
    else:
        (columns, contact), order, name = proposed_mapping(header), DATE_ORDERS[0], ""
    shown = {header_key(h): h for h in header}
    # A saved header is offered as the file writes it (case and spacing may differ).
    columns = {k: shown[header_key(v)] for k, v in columns.items() if header_key(v) in shown}
    contact = shown.get(header_key(contact or ""))
    per_contact = contact is not None and (bool(source) or _repeated(columns))
    return MappingForm(study, filename, header, columns, contact, order, name, per_contact)


def _repeated(columns: dict[str, str]) -> bool:
    """Whether a file proposed a contact date column and no first contact of its own: then it
    probably has a row per contact (staff confirm it on the form)."""
    return "first_contact_date" not in columns


def _header(session: Session, upload: str) -> tuple[str, list[str]]:
    kept = kept_file(session, upload, upload=True)
    try:
        return kept.name, read_header(kept.data, kept.name)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None


def _name_problems(name: str) -> list[tuple[str, str]]:
    if not name:
        return [("name", "Give the source a name, such as the system it comes from")]
    if len(name) > NAME_LENGTH or control_character_problem(name, "The name", multiline=False):
        return [("name", f"Give the source a name of at most {NAME_LENGTH} plain characters")]
    return []


def _not_in_file(mapping: SourceMapping, header: list[str]) -> list[tuple[str, str]]:
    """Each header the mapping names that the file lacks (a form's choice is one of them)."""
    present = {header_key(h) for h in header}
    named = [*mapping.columns.items(), ("contact_date_column", mapping.contact_date_column)]
    return [
        (field, f"The file has no column '{theirs}': choose one of its columns")
        for field, theirs in named
        if theirs and header_key(theirs) not in present
    ]
