"""Bulk import of returns from CSV or XLSX: a dry run that lists every problem by row and
column and imports nothing, then an import of the valid rows, idempotent on each row's
reference or serial (importing the same file again adds nothing). One transaction."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.importing.rows import ImportPlan, ImportProblem, ImportRow, plan_import
from surveyapp.models import PaperForm, Response, Study, StudyInstrument, User
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.services import ServiceError
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.responses.changes import record_quality
from surveyapp.services.responses.saving import add_answers, new_response
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
) -> ImportResult:
    """Check (``dry_run``) or import the rows of a file against ``instrument`` (``patient/v1``,
    or ``patient`` for the newest open version) of study ``slug``."""
    study, attached, definition = _instrument(session, slug, instrument)
    try:
        table = read_table(data, filename)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    plan = plan_import(table, definition)
    if ignore_unknown_columns:
        unknown = set(plan.unknown_columns)
        plan.problems[:] = [
            p for p in plan.problems if not (p.row == 1 and _column_name(p) in unknown)
        ]
    result = ImportResult(definition.label, plan, dry_run)
    if result.blocking:
        return result
    # The dry run says what the import would do, so it checks the database the same way.
    for row in plan.rows:
        serial, form = _classify(session, study, attached, definition, row, result)
        if serial is not False and not dry_run:
            _create(session, study, attached, definition, row, serial, form)
            result.imported += 1
    if dry_run:
        session.rollback()
        return result
    session.commit()
    if result.imported:
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


def _classify(
    session: Session,
    study: Study,
    attached: StudyInstrument,
    definition: Questionnaire,
    row: ImportRow,
    result: ImportResult,
) -> tuple[str | bool | None, PaperForm | None]:
    """(serial, printed form) for a row to import, or (False, None) for a row already imported
    or refused (counted on ``result``)."""
    serial = _serial(row.serial)
    existing = None
    if serial:
        existing = session.scalar(
            select(Response).filter_by(study_id=study.id, paper_serial=serial)
        )
    if existing is None and row.reference:
        existing = session.scalar(
            select(Response).filter_by(study_id=study.id, source_reference=row.reference)
        )
    if existing is not None:
        result.already_there += 1
        return False, None
    # Only this study's printed forms: a serial is never taken from another study's form.
    form = (
        session.scalar(select(PaperForm).filter_by(serial=serial, study_id=study.id))
        if serial
        else None
    )
    problem = None
    if form is not None and form.questionnaire_version_id != attached.questionnaire_version_id:
        problem = (
            f"Serial {serial} was printed for {form.questionnaire_version.label}, not "
            f"{definition.label}: import this row with that version"
        )
    elif form is not None and form.response_id is not None:
        problem = f"Serial {serial} is already keyed as response {form.response.reference}"
    if problem:
        result.refused.append(ImportProblem(row.row, "", problem))
        return False, None
    return serial, form


def _create(
    session: Session,
    study: Study,
    attached: StudyInstrument,
    definition: Questionnaire,
    row: ImportRow,
    serial: str | None,
    form: PaperForm | None,
) -> None:
    submitted = (
        dt.datetime.combine(row.submitted_on, dt.time(12), tzinfo=dt.UTC)
        if row.submitted_on
        else dt.datetime.now(dt.UTC)
    )
    response = new_response(
        study,
        attached.questionnaire_version,
        "import",
        status="submitted",
        submitted_at=submitted,
        paper_serial=serial,
        source_reference=row.reference,
        participant_code=row.participant_code,
        timepoint=row.timepoint,
    )
    add_answers(session, response, definition, row.answers, row.contact)
    if form is not None:
        form.response = response
        form.double_entry = False
    record_quality(session, response, definition)


def _serial(typed: str | None) -> str | None:
    if not typed or not typed.strip():
        return None
    try:
        return normalise_serial(typed)
    except SerialError:
        # Printed by another tool: kept as written.
        return typed.strip()[:32]


TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}\.(csv|xlsx)$")
UPLOADS_KEPT = dt.timedelta(hours=24)


def save_upload(instance_path: str, data: bytes, filename: str) -> str:
    """Keep an uploaded file between the dry run and the import; returns its token."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED:
        raise ServiceError(
            f"'{filename}' is not a CSV or Excel (.xlsx) file; save it as one of those"
        )
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # A file may hold contact details: none is kept longer than a day, imported or not.
    cutoff = (dt.datetime.now() - UPLOADS_KEPT).timestamp()
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}{suffix}").write_bytes(data)
    return f"{token}{suffix}"


def load_upload(instance_path: str, token: str) -> tuple[bytes, str]:
    """The file kept by ``save_upload``; a token is never a path."""
    path = Path(instance_path) / "imports" / token
    if not TOKEN.match(token) or not path.is_file():
        raise ServiceError("The uploaded file is no longer here; upload it again")
    return path.read_bytes(), token


def discard_upload(instance_path: str, token: str) -> None:
    if TOKEN.match(token):
        (Path(instance_path) / "imports" / token).unlink(missing_ok=True)


def check_or_import_upload(
    session: Session,
    instance_path: str,
    slug: str,
    instrument: str,
    *,
    upload: tuple[bytes, str] | None,
    token: str | None,
    go: bool,
    ignore_unknown_columns: bool,
    user: User | None = None,
) -> tuple[ImportResult, str]:
    """The staff page's step: a new upload is kept and dry-run; a kept one (``token``) is
    dry-run again or, with ``go``, imported and then deleted. Returns the result and the token
    of the file still kept ("" when none is)."""
    if token:
        data, name = load_upload(instance_path, token)
    elif upload is not None and upload[1]:
        data, name = upload
        token = save_upload(instance_path, data, name)
    else:
        raise ServiceError("Choose the CSV or Excel file to import")
    result = import_returns(
        session,
        slug,
        instrument,
        data,
        name,
        dry_run=not go,
        ignore_unknown_columns=ignore_unknown_columns,
        user=user,
    )
    if go and not result.blocking:
        discard_upload(instance_path, token)
        token = ""
    return result, token
