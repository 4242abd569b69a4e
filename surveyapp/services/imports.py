"""Bulk import of returns from CSV or XLSX: a dry run that lists every problem by row and
column and imports nothing, then an import of the valid rows, idempotent on each row's
reference or serial (importing the same file again adds nothing). One transaction, written in
a few statements per two thousand rows: 100,000 returns import in under a minute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.answers import GivenAnswer
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.importing.rows import ImportPlan, ImportProblem, ImportRow, plan_import
from surveyapp.importing.through_source import plan_through_source
from surveyapp.importing.tools import read_export
from surveyapp.models import (
    Answer,
    ContactDetails,
    PaperForm,
    QualityIssue,
    QuestionnaireVersion,
    Response,
    Study,
    StudyInstrument,
    User,
)
from surveyapp.models.base import utcnow
from surveyapp.paper.quality import quality_findings
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.services import ServiceError
from surveyapp.services.bulk import insert_rows, insert_rows_returning_ids, refresh_statistics
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.files import keep_file
from surveyapp.services.responses.contacts import contact_record
from surveyapp.services.responses.saving import (
    answer_values,
    completion,
    new_reference,
    new_token,
)
from surveyapp.services.responses.sources import get_responses_source, responses_mapping
from surveyapp.services.studies import open_instrument, parse_instrument

ACCEPTED = (".csv", ".xlsx")


@dataclass
class ImportResult:
    """What a dry run found, or what an import did."""

    instrument: str
    plan: ImportPlan
    dry_run: bool
    imported: int = 0
    already_there: int = 0
    refused: list[ImportProblem] = field(default_factory=list)
    # The written answers imported are coded at once, so exports count their themes.
    coded: int = 0
    coding_problem: str | None = None
    #: The responses source the file was read through (another tool's export), if any: then
    #: ``plan.columns`` says which of the file's columns feeds what.
    source: str | None = None

    @property
    def blocking(self) -> list[ImportProblem]:
        """Header problems: with them, columns would be lost, so nothing is imported."""
        return [p for p in self.plan.problems if p.row == 1]

    @property
    def row_problems(self) -> list[ImportProblem]:
        return [p for p in self.plan.problems if p.row != 1]


def _instrument(
    session: Session, slug: str, instrument: str
) -> tuple[Study, StudyInstrument, Questionnaire]:
    key, sep, _ = instrument.partition("/v")
    version = parse_instrument(instrument)[1] if sep else None
    return open_instrument(session, slug, key, version)


def import_returns(
    session: Session,
    slug: str,
    instrument: str,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    ignore_unknown_columns: bool = False,
    user: User | None = None,
    code: bool = True,
    max_rows: int | None = None,
    source: str | None = None,
) -> ImportResult:
    """Check (``dry_run``) or import the rows of a file against ``instrument`` (``patient/v1``,
    or ``patient`` for the newest open version) of study ``slug``; with ``code``, the written
    answers imported are then coded into themes. A file of more than ``max_rows`` rows is
    refused (the limit for the web). With ``source``, the file is another tool's export read
    through the responses source of that name, which says its questionnaire (``instrument``
    may be empty, or must name the same)."""
    saved = get_responses_source(session, slug, source) if source else None
    if saved is not None:
        if instrument.strip() and instrument.strip() not in (
            saved.instrument,
            saved.instrument.split("/v")[0],
        ):
            raise ServiceError(
                f"The source '{saved.name}' reads exports of {saved.instrument}, not "
                f"{instrument}: choose {saved.instrument}, or another source"
            )
        instrument = saved.instrument
    study, attached, definition = _instrument(session, slug, instrument)
    try:
        if saved is None:
            table = read_table(data, filename, max_rows=max_rows)
        else:
            table = read_export(data, filename, saved.tool, max_rows=max_rows)[2]
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    if saved is None:
        plan = plan_import(table, definition)
    else:
        plan = plan_through_source(table, definition, responses_mapping(saved))
    if ignore_unknown_columns:
        unknown = set(plan.unknown_columns)
        plan.problems[:] = [
            p for p in plan.problems if not (p.row == 1 and _column_name(p) in unknown)
        ]
    result = ImportResult(definition.label, plan, dry_run, source=saved.name if saved else None)
    if result.blocking:
        return result
    # The dry run says what the import would do, so it checks the database the same way.
    chosen = _classify(session, study, attached, definition, plan.rows, result)
    if dry_run:
        session.rollback()
        return result
    for start in range(0, len(chosen), BATCH):
        _create(session, study, attached, definition, chosen[start : start + BATCH])
    result.imported = len(chosen)
    session.commit()
    if result.imported >= BATCH:  # enough to change how the study's counts are best planned
        refresh_statistics(session, [Response.__table__, Answer.__table__])
    if result.imported and code:
        try:
            result.coded = run_theming(session, slug, new_only=True)
        except ServiceError as exc:  # the answers are in; coding them can be run again later
            session.rollback()
            result.coding_problem = str(exc)
    return result


def _column_name(problem: ImportProblem) -> str:
    # "F (Timestamp)" -> "Timestamp"
    _, _, rest = problem.column.partition(" (")
    return rest[:-1] if rest.endswith(")") else problem.column


#: Rows stored per round of statements (each round's answers are a few tens of thousands of
#: rows; the whole import is still one transaction).
BATCH = 2000


@dataclass(frozen=True)
class _Chosen:
    row: ImportRow
    serial: str | None
    form_id: int | None


def _classify(
    session: Session,
    study: Study,
    attached: StudyInstrument,
    definition: Questionnaire,
    rows: list[ImportRow],
    result: ImportResult,
) -> list[_Chosen]:
    """The rows to import, each with its serial and printed form; the rest are counted on
    ``result`` (imported before, here or earlier in the same file) or refused there. The
    study's serials, references and printed forms are read once, not once a row."""
    known = session.execute(
        select(Response.paper_serial, Response.source_reference).where(
            Response.study_id == study.id
        )
    ).all()
    serials = {serial for serial, _ in known if serial}
    references = {reference for _, reference in known if reference}
    # Only this study's printed forms: a serial is never taken from another study's form.
    forms = {
        serial: (form_id, version_id, response_id)
        for serial, form_id, version_id, response_id in session.execute(
            select(
                PaperForm.serial,
                PaperForm.id,
                PaperForm.questionnaire_version_id,
                PaperForm.response_id,
            ).where(PaperForm.study_id == study.id)
        )
    }
    chosen = []
    for row in rows:
        serial = _serial(row.serial)
        if (serial and serial in serials) or (row.reference and row.reference in references):
            result.already_there += 1
            continue
        form = forms.get(serial) if serial else None
        problem = None
        if form is not None and form[1] != attached.questionnaire_version_id:
            printed = session.get(QuestionnaireVersion, form[1])
            label = printed.label if printed else "another version"
            problem = (
                f"Serial {serial} was printed for {label}, not "
                f"{definition.label}: import this row with that version"
            )
        elif form is not None and form[2] is not None:
            keyed = session.get(Response, form[2])
            problem = (
                f"Serial {serial} is already keyed as response {keyed.reference if keyed else ''}"
            )
        if problem:
            result.refused.append(ImportProblem(row.row, "", problem))
            continue
        if serial:
            serials.add(serial)
        if row.reference:
            references.add(row.reference)
        chosen.append(_Chosen(row, serial, form[0] if form else None))
    return chosen


def _create(
    session: Session,
    study: Study,
    attached: StudyInstrument,
    definition: Questionnaire,
    chosen: list[_Chosen],
) -> None:
    """Store ``chosen`` rows as submitted responses, with their answers (blanks made explicit,
    follow-ups flagged), contact details apart and data-quality findings: a few statements for
    the whole batch, never an object per answer."""
    now = utcnow()
    version = attached.questionnaire_version
    # Rows written straight to the tables with their new ids handed back in order (see
    # services.bulk): the ORM's bulk path would split rows by the columns they fill, and looking
    # the ids up afterwards cost PostgreSQL a scan of the growing table per batch.
    ids = insert_rows_returning_ids(
        session,
        Response.__table__,
        [
            {
                "reference": new_reference(),
                "study_id": study.id,
                "questionnaire_version_id": version.id,
                "content_sha256": version.content_sha256,
                "channel": "import",
                "status": "submitted",
                "started_at": now,
                "updated_at": now,
                "submitted_at": (
                    dt.datetime.combine(c.row.submitted_on, dt.time(12), tzinfo=dt.UTC)
                    if c.row.submitted_on
                    else now
                ),
                "resume_token": new_token(),
                "start_key": None,
                "keyed_by_id": None,
                "is_demo": study.is_demo,
                "paper_serial": c.serial,
                "source_reference": c.row.reference,
                "participant_code": c.row.participant_code,
                "timepoint": c.row.timepoint,
            }
            for c in chosen
        ],
    )
    answers, issues, contacts, forms = [], [], [], []
    contact_section = definition.contact_section
    for response_id, c in zip(ids, chosen, strict=True):
        given = list(c.row.answers)
        blanks, met = completion(definition, given)
        for answer, condition_met in zip(given, met, strict=True):
            answers.append(
                {
                    **answer_values(answer),
                    "response_id": response_id,
                    "condition_met": condition_met,
                }
            )
        answers += [
            {
                **answer_values(GivenAnswer(q, state="blank")),
                "response_id": response_id,
                "condition_met": None,
            }
            for q in blanks
        ]
        issues += [
            {
                "response_id": response_id,
                "question_id": finding.question_id,
                "item": finding.item,
                "rule": finding.rule,
                "message": finding.message,
                "status": "open",
                "found_at": now,
            }
            for finding in quality_findings(definition, given)
        ]
        if c.row.contact:
            record = contact_record(contact_section, dict(c.row.contact))
            contacts.append(
                {
                    "response_id": response_id,
                    "details": record.details,
                    "retain_until": record.retain_until,
                }
            )
        if c.form_id is not None:
            forms.append({"id": c.form_id, "response_id": response_id, "double_entry": False})
    insert_rows(session, Answer.__table__, answers)
    insert_rows(session, QualityIssue.__table__, issues)
    if contacts:
        session.execute(ContactDetails.__table__.insert(), contacts)
    if forms:
        session.execute(update(PaperForm), forms)  # by primary key, one statement


def _serial(typed: str | None) -> str | None:
    if not typed or not typed.strip():
        return None
    try:
        return normalise_serial(typed)
    except SerialError:
        # Printed by another tool: kept as written.
        return typed.strip()[:32]


def keep_upload(session: Session, data: bytes, filename: str) -> str:
    """Keep an uploaded file between the dry run and the import (committed); returns its key."""
    if Path(filename).suffix.lower() not in ACCEPTED:
        raise ServiceError(
            f"'{filename}' is not a CSV or Excel (.xlsx) file; save it as one of those"
        )
    key = keep_file(session, data, filename, "application/octet-stream", upload=True)
    session.commit()
    return key
