"""The slow work staff ask for, each as a job: what it needs (its parameters), the data its result
depends on (so that a second request for unchanged data gets the file already made), and the
work itself, which reports how far it has got. The web app, a queue worker and the CLI all run
these same functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import pickle
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

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
    Job,
    PaperBatch,
    Recommendation,
    RecommendationResponse,
    Report,
    Study,
)
from surveyapp.models.base import utcnow
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.evaluation.case_studies import case_studies_fingerprint
from surveyapp.services.evaluation.records import (
    import_records,
    records_fingerprint,
)
from surveyapp.services.evaluation.reference import import_reference
from surveyapp.services.evaluation.report import evaluation_file
from surveyapp.services.evaluation.sources import get_source
from surveyapp.services.files import discard_file, kept_file
from surveyapp.services.findings import appendix
from surveyapp.services.findings.publication import publication
from surveyapp.services.findings.research import research_data_file, research_title
from surveyapp.services.imports import ImportResult, import_returns
from surveyapp.services.jobs.store import Outcome, result_file
from surveyapp.services.paper import print_job
from surveyapp.services.responses.sources import get_responses_source
from surveyapp.services.results import data_fingerprint
from surveyapp.services.studies import chosen_definitions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
PDF = "application/pdf"
#: What an import's check keeps for its page (not a download): the result, pickled by this app.
IMPORT_RESULT = "application/x-surveyapp-import-result"
#: The same for a service evaluation's records, and its reference data.
RECORDS_RESULT = "application/x-surveyapp-records-result"
REFERENCE_RESULT = "application/x-surveyapp-reference-result"

#: What each format of an evaluation is called in a job's title.
EVALUATION_FILES = {"xlsx": "workbook", "html": "report", "docx": "report (Word)"}

#: ``progress(done, total, what is being done)``.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JobSettings:
    """The configuration a job needs, handed from the app (or CLI) to whichever process does
    the job: plain values, so that they travel through the queue."""

    organisation: str
    small_base: int
    bank_holidays: str = "ENG"
    return_address: str | None = None
    #: The most rows a file imported through the web may hold (the CLI has no limit).
    import_rows: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Kind:
    """One kind of job: its title for people, what its result depends on, and the work."""

    title: Callable[[Session, Study | None, dict], str]
    depends_on: Callable[[Session, Study | None, dict], str]
    run: Callable[[Session, Study | None, dict, JobSettings, Progress], Outcome]


def _steps(progress: Progress, total: int, message: str) -> Callable[[int], None]:
    """The services' ``progress(n)`` (n more steps done) as the job's done/total."""
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        progress(done, total, message)

    return advance


def _study(study: Study | None) -> Study:
    if study is None:
        raise ServiceError("The study of this job no longer exists")
    return study


def _instruments(params: dict) -> list[str]:
    return [str(k) for k in params.get("instruments", [])]


def _per_instrument(
    session: Session, study: Study | None, params: dict, progress: Progress, message: str
) -> tuple[Study, list[str], int, Callable[[int], None]]:
    """The study and instruments asked for, and a step per instrument plus one to write the
    file: what the workbook and the report count their progress in."""
    found = _study(study)
    keys = _instruments(params)
    steps = len(chosen_definitions(session, found, keys)) + 1
    progress(0, steps, message)
    return found, keys, steps, _steps(progress, steps, message)


# -- the appendix workbook ---------------------------------------------------------------------


def _appendix(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study, keys, steps, advance = _per_instrument(
        session, study, params, progress, "Counting the answers"
    )
    tables = appendix(session, study, keys, advance)
    progress(steps - 1, steps, "Writing the workbook")
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


def _data(session: Session, study: Study | None, _params: dict) -> str:
    return data_fingerprint(session, _study(study))


# -- the report ---------------------------------------------------------------------------------


def _report(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study, keys, steps, advance = _per_instrument(
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
    progress(steps - 1, steps, "Drawing the charts and writing the report")
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


def _report_depends_on(session: Session, study: Study | None, params: dict) -> str:
    """The findings' data, and what else the report prints: the headlines chosen and reworded,
    the tracker's recommendations and responses, and today's date (deadlines count from it)."""
    study = _study(study)
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


# -- a questionnaire's data for researchers (CSV, SPSS, Stata) ----------------------------------


def _research(
    session: Session, study: Study | None, params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
    progress(0, 2, "Reading the answers")
    made = research_data_file(
        session,
        study,
        str(params["instrument"]),
        str(params["format"]),
        _steps(progress, 2, "Writing the file"),
    )
    return Outcome(
        summary=made.summary, data=made.data, filename=made.filename, mimetype=made.mimetype
    )


# -- a batch of paper forms ---------------------------------------------------------------------


def _paper(
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


def _batch(_session: Session, _study: Study | None, params: dict) -> str:
    return str(params["batch"])  # a printed batch never changes


# -- a service evaluation's workbook or report -------------------------------------------------


def _evaluation(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
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


def _records(session: Session, study: Study | None, params: dict) -> str:
    """The records, reference data and answers; for the report, the case studies too (and
    the names to hide in them)."""
    study = _study(study)
    if params.get("format", "xlsx") == "xlsx":
        return records_fingerprint(session, study)
    return records_fingerprint(session, study) + case_studies_fingerprint(session, study)


# -- imports ------------------------------------------------------------------------------------


def _import(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
    go = bool(params.get("go"))
    kept = kept_file(session, str(params["upload"]), upload=True)
    progress(0, 1, "Importing the rows" if go else "Checking every row")
    result = import_returns(
        session,
        study.slug,
        str(params["instrument"]),
        kept.data,
        kept.name,
        dry_run=not go,
        ignore_unknown_columns=bool(params.get("ignore_unknown_columns")),
        max_rows=settings.import_rows,
        source=str(params.get("source") or "") or None,
    )
    if go and not result.blocking:
        discard_file(session, kept.key)  # committed with the job's end
    summary = (
        f"Imported {result.imported} of the file's rows"
        if go
        else f"Checked the file: {len(result.plan.rows)} rows"
    )
    # The page of the import shows the result as the request would have: kept for it, pickled
    # by this app (never an uploaded pickle).
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return Outcome(summary=summary, data=data, filename="import.result", mimetype=IMPORT_RESULT)


def _upload(session: Session, study: Study | None, params: dict) -> str:
    # A check says what importing now would do: it depends on the data; an import of one upload
    # is one job however often the button is pressed.
    if params.get("go"):
        return ""
    found = _study(study)
    if not params.get("source"):
        return data_fingerprint(session, found)
    # Through a responses source: a source set up again reads the same file anew.
    source = get_responses_source(session, found.slug, str(params["source"]))
    parts = [data_fingerprint(session, found), source.columns, source.values, source.tool]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


# -- a service evaluation's records and reference data, imported --------------------------------


def _records_import(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
    go = bool(params.get("go"))
    kept = kept_file(session, str(params["upload"]), upload=True)
    progress(0, 1, "Importing the records" if go else "Checking every record")
    result = import_records(
        session,
        study.slug,
        kept.data,
        kept.name,
        dry_run=not go,
        max_rows=settings.import_rows,
        source=str(params.get("source") or "") or None,
    )
    if go and not result.blocking:
        discard_file(session, kept.key)  # committed with the job's end
    said = "Imported" if go else "Checked"
    summary = f"{said} the records: {result.new} new, {result.changed} changed"
    result.plan.rows.clear()  # the page shows the counts; the rows were for writing
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return Outcome(summary=summary, data=data, filename="records.result", mimetype=RECORDS_RESULT)


def _records_upload(session: Session, study: Study | None, params: dict) -> str:
    """A check depends on the records, the reference data and the source's mapping as they
    are (a source set up again reads the same file anew); an import of one upload is one job."""
    if params.get("go"):
        return ""
    found = _study(study)
    parts: list[object] = [records_fingerprint(session, found)]
    if params.get("source"):
        source = get_source(session, found.slug, str(params["source"]))
        parts += [source.columns, source.date_order, source.contact_date_column]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _reference_import(
    session: Session, study: Study | None, params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
    kept = kept_file(session, str(params["upload"]), upload=True)
    progress(0, 1, "Loading the list")
    kind = str(params["kind"])
    result = import_reference(session, study.slug, kind, kept.data, kept.name, dry_run=False)
    if not result.problems:
        discard_file(session, kept.key)
    summary = (
        f"{len(result.plan.rows)} rows of {kind} loaded"
        if not result.problems
        else f"Nothing loaded: {len(result.problems)} problems"
    )
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return Outcome(
        summary=summary, data=data, filename="reference.result", mimetype=REFERENCE_RESULT
    )


# -- theming ------------------------------------------------------------------------------------


def _theming(
    session: Session, study: Study | None, _params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = _study(study)
    progress(0, 1, "Coding the written answers")
    coded = run_theming(session, study.slug)
    return Outcome(summary=f"Coded {coded} written answers automatically")


def _nothing(_session: Session, _study: Study | None, _params: dict) -> str:
    return ""


KINDS: dict[str, Kind] = {
    "appendix": Kind(lambda _s, st, _p: f"Appendix workbook: {_study(st).name}", _data, _appendix),
    "report": Kind(
        lambda _s, st, p: f"Report ({p.get('format', 'html')}): {_study(st).name}",
        _report_depends_on,
        _report,
    ),
    "paper": Kind(lambda _s, st, _p: f"Paper forms: {_study(st).name}", _batch, _paper),
    "research": Kind(
        lambda s, st, p: research_title(s, _study(st), str(p["instrument"]), str(p["format"])),
        _data,
        _research,
    ),
    "evaluation": Kind(
        lambda _s, st, p: (
            f"Evaluation {EVALUATION_FILES[p.get('format', 'xlsx')]}, {p['from']} to {p['to']}: "
            f"{_study(st).name}"
        ),
        _records,
        _evaluation,
    ),
    "import": Kind(
        lambda _s, st, p: (
            f"{'Import' if p.get('go') else 'Check'} of a file"
            f"{' through ' + p['source'] if p.get('source') else ''}: {_study(st).name}"
        ),
        _upload,
        _import,
    ),
    "theming": Kind(
        lambda _s, st, _p: f"Themes of written answers: {_study(st).name}", _data, _theming
    ),
    "records": Kind(
        lambda _s, st, p: (
            f"{'Import' if p.get('go') else 'Check'} of service records"
            f"{' from ' + p['source'] if p.get('source') else ''}: {_study(st).name}"
        ),
        _records_upload,
        _records_import,
    ),
    "reference": Kind(
        lambda _s, st, p: f"Reference data ({p['kind']}): {_study(st).name}",
        _nothing,
        _reference_import,
    ),
}


def fingerprint(
    session: Session, kind: str, study: Study | None, params: dict, settings: JobSettings
) -> str:
    """What a result of ``kind`` depends on: its data and the settings it was made with."""
    depends = KINDS[kind].depends_on(session, study, params)
    return hashlib.sha256(json.dumps([depends, settings.as_dict()]).encode()).hexdigest()


def import_result(session: Session, job: Job) -> ImportResult:
    """What an import job's check or import found, for its page."""
    kept = result_file(session, job)
    if job.kind != "import" or kept.mimetype != IMPORT_RESULT:
        raise NotFoundError("This is not the check or import of a file")
    # Pickled by this app, in its own database (the bytes of an upload are never unpickled).
    return pickle.loads(kept.data)


def shown_result(session: Session, job: Job, mimetype: str) -> Any:
    """What a job whose result is shown on its page (not downloaded) found: a records or
    reference import's result (``mimetype``)."""
    kept = result_file(session, job)
    if kept.mimetype != mimetype:
        raise NotFoundError("This is not the check or import of a file")
    # Pickled by this app, in its own database (the bytes of an upload are never unpickled).
    return pickle.loads(kept.data)
