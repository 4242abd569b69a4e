"""Bulk import of returns from CSV or XLSX: a dry run that lists every problem by row and
column and imports nothing, then an import of the valid rows, idempotent on each row's
reference or serial (importing the same file again adds nothing). One transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.importing.rows import ImportPlan, ImportProblem, ImportRow, plan_import
from surveyapp.models import ContactDetails, PaperForm, Response, Study, StudyInstrument, User
from surveyapp.paper.serials import SerialError, normalise_serial
from surveyapp.services import ServiceError
from surveyapp.services.response_changes import record_quality
from surveyapp.services.responses import answer_row, complete_answers, new_reference, new_token
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

    @property
    def blocking(self) -> list[ImportProblem]:
        """Header problems: with them, columns would be lost, so nothing is imported."""
        return [p for p in self.plan.problems if p.row == 1]

    @property
    def row_problems(self) -> list[ImportProblem]:
        return [p for p in self.plan.problems if p.row != 1]


def _instrument(session: Session, slug: str, instrument: str):
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
    if dry_run or result.blocking:
        return result
    for row in plan.rows:
        _import_row(session, study, attached, definition, row, result)
    session.commit()
    return result


def _column_name(problem: ImportProblem) -> str:
    # "F (Timestamp)" -> "Timestamp"
    _, _, rest = problem.column.partition(" (")
    return rest[:-1] if rest.endswith(")") else problem.column


def _import_row(
    session: Session,
    study: Study,
    attached: StudyInstrument,
    definition: Questionnaire,
    row: ImportRow,
    result: ImportResult,
) -> None:
    serial = _serial(row, result)
    if row.serial and serial is None:
        return
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
        return
    form = session.scalar(select(PaperForm).filter_by(serial=serial)) if serial else None
    if form is not None and form.questionnaire_version_id != attached.questionnaire_version_id:
        version = form.questionnaire_version
        result.refused.append(
            ImportProblem(
                row.row,
                "",
                f"Serial {serial} was printed for {version.label}, not {definition.label}: "
                "import this row with that version",
            )
        )
        return
    version = attached.questionnaire_version
    submitted = (
        dt.datetime.combine(row.submitted_on, dt.time(12), tzinfo=dt.UTC)
        if row.submitted_on
        else dt.datetime.now(dt.UTC)
    )
    response = Response(
        reference=new_reference(),
        study_id=study.id,
        questionnaire_version_id=version.id,
        content_sha256=version.content_sha256,
        channel="import",
        status="submitted",
        submitted_at=submitted,
        resume_token=new_token(),
        paper_serial=serial,
        source_reference=row.reference,
        participant_code=row.participant_code,
        timepoint=row.timepoint,
        is_demo=study.is_demo,
    )
    response.answers = [answer_row(a) for a in row.answers]
    if row.contact:
        section = definition.contact_section
        days = (section.retention_days if section else None) or 365
        response.contact = ContactDetails(
            details=dict(row.contact), retain_until=dt.date.today() + dt.timedelta(days=days)
        )
    session.add(response)
    session.flush()
    complete_answers(response, definition)
    if form is not None:
        form.response = response
        form.double_entry = False
    record_quality(session, response, definition)
    result.imported += 1


def _serial(row: ImportRow, result: ImportResult) -> str | None:
    if not row.serial:
        return None
    try:
        return normalise_serial(row.serial)
    except SerialError:
        # Printed by another tool: kept as written.
        return row.serial.strip()[:32] or None


def save_upload(instance_path: str, data: bytes, filename: str) -> str:
    """Keep an uploaded file between the dry run and the import; returns its token."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED:
        raise ServiceError(
            f"'{filename}' is not a CSV or Excel (.xlsx) file; save it as one of those"
        )
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}{suffix}").write_bytes(data)
    return f"{token}{suffix}"


def load_upload(instance_path: str, token: str) -> tuple[bytes, str]:
    """The file kept by ``save_upload``; a token is never a path."""
    name = Path(token).name
    path = Path(instance_path) / "imports" / name
    if name != token or not path.is_file():
        raise ServiceError("The uploaded file is no longer here; upload it again")
    return path.read_bytes(), name


def discard_upload(instance_path: str, token: str) -> None:
    path = Path(instance_path) / "imports" / Path(token).name
    path.unlink(missing_ok=True)
