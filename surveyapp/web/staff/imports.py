"""Staff import of returns from CSV or XLSX: upload, read the dry run, then import the valid
rows. The file is kept in the database and both steps are jobs: a large file is checked and
imported by a worker while the page says how far it has got."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from surveyapp.extensions import db
from surveyapp.models import Job
from surveyapp.services import ServiceError
from surveyapp.services import jobs as jobs_service
from surveyapp.services.imports import ImportResult, keep_upload
from surveyapp.services.responses.sources import list_responses_sources
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.staff.jobs import ask


def _page(
    slug: str,
    *,
    result: ImportResult | None = None,
    token: str = "",
    error: str | None = None,
    typed: dict[str, str] | None = None,
) -> Page:
    study = get_study(db.session, slug)
    return render_template(
        "staff/import.html",
        title=f"Import returns: {study.name}",
        study=study,
        result=result,
        token=token,
        error=error,
        typed=typed or {},
        sources=list_responses_sources(db.session, slug),
    ), (400 if error else 200)


def _from_job(slug: str, job: Job) -> Page:
    """The page as the check or import left it: its result, or why it could not be done."""
    params = job.params
    typed = {
        "instrument": str(params.get("instrument", "")),
        "ignore_unknown_columns": "1" if params.get("ignore_unknown_columns") else "",
        "source": str(params.get("source") or ""),
    }
    if job.state == "failed":
        return _page(slug, error=job.message, typed=typed, token=str(params.get("upload", "")))
    result = jobs_service.import_result(db.session, job)
    imported = bool(params.get("go")) and not result.blocking
    return _page(slug, result=result, token="" if imported else params["upload"], typed=typed)


@role_required(*STAFF)
def import_page(slug: str) -> Page:
    if request.method == "GET":
        if request.args.get("job"):
            return _from_job(slug, jobs_service.get_job(db.session, request.args["job"]))
        return _page(slug)
    typed = request.form.to_dict()
    upload = request.files.get("file")
    try:
        token = typed.get("token") or ""
        if not token:
            if upload is None or not upload.filename:
                raise ServiceError("Choose the CSV or Excel file to import")
            token = keep_upload(db.session, upload.read(), upload.filename)
        source = typed.get("source", "")
        params = {
            # Another tool's export read through a source: the source says its questionnaire.
            "instrument": "" if source else typed.get("instrument", ""),
            "ignore_unknown_columns": typed.get("ignore_unknown_columns") == "1",
            "go": typed.get("go") == "import",
        }
        job = ask(
            "import", slug, {"upload": token, **params, **({"source": source} if source else {})}
        )
    except ServiceError as exc:
        return _page(slug, error=str(exc), typed=typed)
    if job.state in ("queued", "running"):
        return redirect(url_for(".job", job_id=job.id), code=303)
    return _from_job(slug, job)
