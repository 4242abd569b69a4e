"""The jobs that make files people download: the appendix workbook, the report, data for
researchers, a batch of paper forms and a service evaluation's workbook or report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.bank_holidays import bank_holidays
from analysis.service import Period
from exports.paper.form import paper_forms_pdf
from exports.report import findings_docx, findings_html
from exports.workbook import appendix_workbook
from surveyapp.models import (
    Action,
    ActionReview,
    Dispatch,
    EditedFinding,
    PaperBatch,
    Recommendation,
    RecommendationResponse,
    Report,
    Study,
)
from surveyapp.models.base import utcnow
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.case_studies import case_studies_fingerprint
from surveyapp.services.evaluation.records import (
    records_fingerprint,
)
from surveyapp.services.evaluation.report import evaluation_file
from surveyapp.services.findings import appendix
from surveyapp.services.findings.publication import publication
from surveyapp.services.findings.research import research_data_file
from surveyapp.services.jobs.kind import (
    DOCX,
    HTML,
    PDF,
    XLSX,
    JobSettings,
    Progress,
    job_study,
    per_instrument,
    steps,
)
from surveyapp.services.jobs.store import Outcome
from surveyapp.services.paper import print_job
from surveyapp.services.results import data_fingerprint


def make_appendix(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study, keys, total, advance = per_instrument(
        session, study, params, progress, "Counting the answers"
    )
    tables = appendix(session, study, keys, advance)
    progress(total - 1, total, "Writing the workbook")
    buffer = io.BytesIO()
    written = appendix_workbook(
        tables.tables,
        buffer,
        title=tables.title,
        organisation=settings.organisation,
        themes=tables.themes,
    )
    return Outcome(
        summary=f"{written} appendix table{'' if written == 1 else 's'}",
        data=buffer.getvalue(),
        filename=f"{study.slug}-appendix.xlsx",
        mimetype=XLSX,
    )


def make_report(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study, keys, total, advance = per_instrument(
        session, study, params, progress, "Working out the findings"
    )
    report = publication(
        session,
        study,
        keys,
        small_base=settings.small_base,
        organisation=settings.organisation,
        holidays=bank_holidays(settings.bank_holidays),
        progress=advance,
    )
    progress(total - 1, total, "Drawing the charts and writing the report")
    if params.get("format") == "docx":
        data, mimetype, suffix = findings_docx(report), DOCX, "docx"
    else:
        data, mimetype, suffix = findings_html(report).encode("utf-8"), HTML, "html"
    return Outcome(
        summary="The report",
        data=data,
        filename=f"{study.slug}-report.{suffix}",
        mimetype=mimetype,
    )


def report_depends_on(session: Session, study: Study | None, params: dict) -> str:
    """The findings' data, and what else the report prints: the headlines chosen and reworded,
    the tracker's recommendations and responses, and today's date (deadlines count from it)."""
    study = job_study(study)
    parts: list[object] = [data_fingerprint(session, study), study.headlines, str(utcnow().date())]
    parts += session.execute(
        select(EditedFinding.key, EditedFinding.text)
        .where(EditedFinding.study_id == study.id)
        .order_by(EditedFinding.key)
    ).all()
    reports = select(Report.id).where(Report.study_id == study.id)
    parts += session.execute(
        select(Recommendation.number, Recommendation.text)
        .where(Recommendation.report_id.in_(reports))
        .order_by(Recommendation.id)
    ).all()
    for model in (Dispatch, RecommendationResponse, Action, ActionReview):
        parts += session.execute(select(func.count(model.id), func.max(model.id))).one()
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def make_research(
    session: Session, study: Study | None, params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
    progress(0, 2, "Reading the answers")
    made = research_data_file(
        session,
        study,
        str(params["instrument"]),
        str(params["format"]),
        steps(progress, 2, "Writing the file"),
    )
    return Outcome(
        summary=made.summary, data=made.data, filename=made.filename, mimetype=made.mimetype
    )


def make_paper(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    batch = session.get(PaperBatch, int(params["batch"]))
    if batch is None or study is None or batch.study_id != study.id:
        raise ServiceError("This batch of paper forms no longer exists")
    printing = print_job(session, batch)
    progress(0, 1, f"Drawing {len(printing.copies)} forms")
    data = paper_forms_pdf(
        printing.definition,
        printing.copies,
        organisation=settings.organisation,
        study_name=printing.study_name,
        large_print=printing.large_print,
        return_address=settings.return_address,
    )
    return Outcome(
        summary=f"{len(printing.copies)} paper forms",
        data=data,
        filename=printing.filename,
        mimetype=PDF,
    )


def printed_batch(_session: Session, job_study: Study | None, params: dict) -> str:
    return str(params["batch"])  # a printed batch never changes


def make_evaluation(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
    period = Period(dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"]))
    format = str(params.get("format", "xlsx"))
    progress(0, 1, "Working out the measures from the records")
    made = evaluation_file(
        session,
        study.slug,
        period,
        format,
        organisation=settings.organisation,
        small_base=settings.small_base,
    )
    return Outcome(
        summary=made.summary, data=made.data, filename=made.filename, mimetype=made.mimetype
    )


def evaluation_depends_on(session: Session, study: Study | None, params: dict) -> str:
    """The records, reference data and answers; for the report, the case studies too (and
    the names to hide in them)."""
    study = job_study(study)
    if params.get("format", "xlsx") == "xlsx":
        return records_fingerprint(session, study)
    return records_fingerprint(session, study) + case_studies_fingerprint(session, study)
