"""Slow work staff asked for (a workbook, a report, paper forms, an import, theming): its
progress page, which they can leave and come back to, its file, and a retry when it failed."""

from __future__ import annotations

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.models import Job
from surveyapp.services import ServiceError
from surveyapp.services import jobs as jobs_service
from surveyapp.services.audit import audit_access
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.downloads import attachment
from surveyapp.web.security import SHOWN_FILE_POLICY

#: What a finished job without a file leads back to.
_BACK = {
    "import": ".import_returns",
    "theming": ".themes",
    "evaluation": ".evaluation",
    "records": ".evaluation_import",
    "reference": ".evaluation_import",
}
#: Jobs whose result is a file to download (an import's result is shown on its own page).
FILES = ("appendix", "report", "paper", "evaluation", "research")
_SHOWN = (
    jobs_service.IMPORT_RESULT,
    jobs_service.RECORDS_RESULT,
    jobs_service.REFERENCE_RESULT,
)


def ask(kind: str, slug: str, params: dict) -> Job:
    """The job for this request on study ``slug``: done already, or on its way."""
    return jobs_service.request_job(
        db.session,
        settings.job_queue(),
        kind,
        get_study(db.session, slug),
        params,
        settings.job_settings(),
        current_user,
    )


def file_or_progress(job: Job, *, inline: bool = False) -> Response:
    """The job's file when it is ready (``inline``: shown in the browser, for a web page),
    else its progress page."""
    if job.state != "done":
        return redirect(url_for(".job", job_id=job.id), code=303)
    kept = jobs_service.result_file(db.session, job)
    if kept.mimetype in _SHOWN:  # an import's result: shown on its page, not a file
        return redirect(url_for(_BACK[job.kind], slug=job.study.slug, job=job.id), code=303)
    audit_access(
        db.session,
        current_user,
        job.study_id,
        f"{'opened' if inline else 'downloaded'} {kept.name}",
    )
    if inline:
        shown = Response(kept.data, mimetype=kept.mimetype)
        shown.headers["Content-Security-Policy"] = SHOWN_FILE_POLICY
        return shown
    return attachment(kept.data, kept.name, kept.mimetype)


def _page(job: Job, error: str | None = None) -> Page:
    study = job.study
    html = render_template(
        "staff/job.html",
        title=f"{'Error: ' if error else ''}{job.title}",
        job=job,
        study=study,
        stale=jobs_service.is_stale(job, after=settings.job_stale_after()),
        error=error,
        back=_BACK.get(job.kind),
        has_file=job.result_key is not None and job.kind in FILES,
    )
    return (html, 400) if error else html


@role_required(*STAFF)
def job(job_id: str) -> Page:
    return _page(jobs_service.get_job(db.session, job_id))


@role_required(*STAFF)
def job_status(job_id: str) -> Response:
    """How far the job is, for the progress page's script (which only reloads the page)."""
    found = jobs_service.get_job(db.session, job_id)
    return jsonify(
        state=found.state,
        done=found.done,
        total=found.total,
        message=found.message,
        stale=jobs_service.is_stale(found, after=settings.job_stale_after()),
    )


@role_required(*STAFF)
def retry_job(job_id: str) -> Page:
    found = jobs_service.get_job(db.session, job_id)
    try:
        jobs_service.retry(db.session, found, settings.job_stale_after())
    except ServiceError as exc:
        return _page(found, str(exc))
    settings.job_queue().submit(found.id, settings.job_settings())
    flash("Started again.")
    return redirect(url_for(".job", job_id=found.id), code=303)


@role_required(*STAFF)
def job_file(job_id: str) -> Response:
    found = jobs_service.get_job(db.session, job_id)
    return file_or_progress(found, inline=request.args.get("open") == "1")


@role_required(*STAFF)
def study_jobs(slug: str) -> Page:
    study = get_study(db.session, slug)
    found = jobs_service.recent_jobs(db.session, study)
    return render_template(
        "staff/jobs.html",
        title=f"Downloads and tasks: {study.name}",
        study=study,
        jobs=found,
        stale={j.id for j in found if jobs_service.is_stale(j, after=settings.job_stale_after())},
    )
