"""The slow work staff ask for, each as a job: what it needs (its parameters), the data its result
depends on (so that a second request for unchanged data gets the file already made), and the
work itself, which reports how far it has got. The web app, a queue worker and the CLI all run
these same functions. Each kind is listed here; the work of the files people download is in
``downloads``, of the files they upload in ``uploads``, what kinds share in ``kind``."""

from __future__ import annotations

import hashlib
import json
import pickle
from typing import Any

from sqlalchemy.orm import Session

from surveyapp.models import (
    Job,
    Study,
)
from surveyapp.services import NotFoundError
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.findings.research import research_title
from surveyapp.services.imports import ImportResult
from surveyapp.services.jobs.downloads import (
    evaluation_depends_on,
    make_appendix,
    make_evaluation,
    make_paper,
    make_report,
    make_research,
    printed_batch,
    report_depends_on,
)
from surveyapp.services.jobs.kind import (
    EVALUATION_FILES,
    IMPORT_RESULT,
    RECORDS_RESULT,
    REFERENCE_RESULT,
    JobSettings,
    Kind,
    Progress,
    job_study,
    study_data,
)
from surveyapp.services.jobs.store import Outcome, result_file
from surveyapp.services.jobs.uploads import (
    import_file,
    import_reference_data,
    import_service_records,
    records_upload_depends_on,
    upload_depends_on,
)

__all__ = [
    "IMPORT_RESULT",
    "KINDS",
    "RECORDS_RESULT",
    "REFERENCE_RESULT",
    "JobSettings",
    "Kind",
    "Progress",
    "fingerprint",
    "import_result",
    "shown_result",
]


def _theming(
    session: Session, study: Study | None, _params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
    progress(0, 1, "Coding the written answers")
    coded = run_theming(session, study.slug)
    return Outcome(summary=f"Coded {coded} written answers automatically")


def _nothing(_session: Session, job_study: Study | None, _params: dict) -> str:
    return ""


KINDS: dict[str, Kind] = {
    "appendix": Kind(
        lambda _s, st, _p: f"Appendix workbook: {job_study(st).name}", study_data, make_appendix
    ),
    "report": Kind(
        lambda _s, st, p: f"Report ({p.get('format', 'html')}): {job_study(st).name}",
        report_depends_on,
        make_report,
    ),
    "paper": Kind(
        lambda _s, st, _p: f"Paper forms: {job_study(st).name}", printed_batch, make_paper
    ),
    "research": Kind(
        lambda s, st, p: research_title(s, job_study(st), str(p["instrument"]), str(p["format"])),
        study_data,
        make_research,
    ),
    "evaluation": Kind(
        lambda _s, st, p: (
            f"Evaluation {EVALUATION_FILES[p.get('format', 'xlsx')]}, {p['from']} to {p['to']}: "
            f"{job_study(st).name}"
        ),
        evaluation_depends_on,
        make_evaluation,
    ),
    "import": Kind(
        lambda _s, st, p: (
            f"{'Import' if p.get('go') else 'Check'} of a file"
            f"{' through ' + p['source'] if p.get('source') else ''}: {job_study(st).name}"
        ),
        upload_depends_on,
        import_file,
    ),
    "theming": Kind(
        lambda _s, st, _p: f"Themes of written answers: {job_study(st).name}", study_data, _theming
    ),
    "records": Kind(
        lambda _s, st, p: (
            f"{'Import' if p.get('go') else 'Check'} of service records"
            f"{' from ' + p['source'] if p.get('source') else ''}: {job_study(st).name}"
        ),
        records_upload_depends_on,
        import_service_records,
    ),
    "reference": Kind(
        lambda _s, st, p: f"Reference data ({p['kind']}): {job_study(st).name}",
        _nothing,
        import_reference_data,
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
