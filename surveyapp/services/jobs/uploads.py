"""The jobs that read files people upload: returns (checked, then imported), a service's
records and its reference data."""

from __future__ import annotations

import hashlib
import json
import pickle

from sqlalchemy.orm import Session

from surveyapp.models import (
    Study,
)
from surveyapp.services.evaluation.records import (
    import_records,
    records_fingerprint,
)
from surveyapp.services.evaluation.reference import import_reference
from surveyapp.services.evaluation.sources import get_source
from surveyapp.services.files import discard_file, kept_file
from surveyapp.services.imports import import_returns
from surveyapp.services.jobs.kind import (
    IMPORT_RESULT,
    RECORDS_RESULT,
    REFERENCE_RESULT,
    JobSettings,
    Progress,
    job_study,
)
from surveyapp.services.jobs.store import Outcome
from surveyapp.services.responses.sources import get_responses_source
from surveyapp.services.results import data_fingerprint


def import_file(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
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


def upload_depends_on(session: Session, study: Study | None, params: dict) -> str:
    # A check says what importing now would do: it depends on the data; an import of one upload
    # is one job however often the button is pressed.
    if params.get("go"):
        return ""
    found = job_study(study)
    if not params.get("source"):
        return data_fingerprint(session, found)
    # Through a responses source: a source set up again reads the same file anew.
    source = get_responses_source(session, found.slug, str(params["source"]))
    parts = [data_fingerprint(session, found), source.columns, source.values, source.tool]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def import_service_records(
    session: Session, study: Study | None, params: dict, settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
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


def records_upload_depends_on(session: Session, study: Study | None, params: dict) -> str:
    """A check depends on the records, the reference data and the source's mapping as they
    are (a source set up again reads the same file anew); an import of one upload is one job."""
    if params.get("go"):
        return ""
    found = job_study(study)
    parts: list[object] = [records_fingerprint(session, found)]
    if params.get("source"):
        source = get_source(session, found.slug, str(params["source"]))
        parts += [source.columns, source.date_order, source.contact_date_column]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def import_reference_data(
    session: Session, study: Study | None, params: dict, _settings: JobSettings, progress: Progress
) -> Outcome:
    study = job_study(study)
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
