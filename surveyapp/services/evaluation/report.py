"""A service evaluation's files for a period: the workbook of numbered tables and the report
(HTML or Word), from the study's records, its reference data, its ONS4 answers (linked by
participant code) and its approved case studies."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from analysis.service import Period
from analysis.service.evaluation import Evaluation, evaluation
from exports.evaluation.report import EvaluationReport, evaluation_docx, evaluation_html
from exports.evaluation.workbook import evaluation_workbook
from surveyapp.models import Study
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.case_studies import published_case_studies
from surveyapp.services.evaluation.records import study_records
from surveyapp.services.evaluation.reference import reference_data
from surveyapp.services.responses.frames import tidy_frame
from surveyapp.services.studies import get_study

__all__ = ["FORMATS", "EvaluationFile", "evaluation_file", "evaluation_workbook_file"]

#: What an evaluation can be written as: (suffix, media type).
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class EvaluationFile:
    data: bytes
    filename: str
    mimetype: str
    summary: str


def _measured(session: Session, study: Study, period: Period, small_base: int) -> Evaluation:
    records = study_records(session, study.slug)
    if records.empty:
        raise ServiceError(
            f"Study '{study.slug}' has no service records yet: import them first "
            "(surveyapp import records, or Import records on the evaluation page)"
        )
    return evaluation(
        records,
        period,
        reference_data(session, study),
        tidy_frame(session, study, with_text=False),
        small_base,
    )


def evaluation_workbook_file(
    session: Session,
    slug: str,
    period: Period,
    destination: str | os.PathLike | BinaryIO,
    *,
    organisation: str,
    small_base: int = 10,
) -> int:
    """Write study ``slug``'s evaluation workbook for ``period``; how many tables it holds."""
    study = get_study(session, slug)
    measured = _measured(session, study, period, small_base)
    return evaluation_workbook(
        measured, destination, title=f"{study.name}: evaluation", organisation=organisation
    )


def evaluation_file(
    session: Session,
    slug: str,
    period: Period,
    format: str,
    *,
    organisation: str,
    small_base: int = 10,
) -> EvaluationFile:
    """Study ``slug``'s evaluation for ``period`` as a file of ``format`` (:data:`FORMATS`):
    the workbook, or the report with the approved case studies."""
    if format not in FORMATS:
        raise ServiceError(f"An evaluation is written as {', '.join(FORMATS)}, not '{format}'")
    study = get_study(session, slug)
    measured = _measured(session, study, period, small_base)
    title = f"{study.name}: evaluation"
    filename = f"{study.slug}-evaluation-{period.start}-{period.end}.{format}"
    if format == "xlsx":
        buffer = io.BytesIO()
        tables = evaluation_workbook(measured, buffer, title=title, organisation=organisation)
        summary = f"At a glance and {tables} tables, {period}"
        return EvaluationFile(buffer.getvalue(), filename, FORMATS[format], summary)
    report = EvaluationReport(
        title, organisation, measured, tuple(published_case_studies(session, study))
    )
    case_studies = len(report.case_studies)
    summary = (
        f"The report, {period}: {len(measured.tables)} tables, "
        f"{case_studies} case stud{'y' if case_studies == 1 else 'ies'}"
    )
    data = evaluation_docx(report) if format == "docx" else evaluation_html(report).encode()
    return EvaluationFile(data, filename, FORMATS[format], summary)
