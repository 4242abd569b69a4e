"""A service evaluation's imports: the service's referral records (a dry run, then the import),
in our columns or as another system exports them, read through a source staff set up once;
the form that sets up a source from a file of that system; and the reference data (practices,
link workers, the area's population). Each import is a job, as the import of returns is; the
file is kept in the database from the dry run to the import, so it is never uploaded twice."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from analysis.service import RECORD_COLUMNS
from surveyapp.extensions import db
from surveyapp.importing.cells import DATE_ORDER_CHOICES
from surveyapp.importing.records import REQUIRED
from surveyapp.importing.reference import KINDS as REFERENCE_COLUMNS
from surveyapp.models import Job
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services import jobs as jobs_service
from surveyapp.services.evaluation.records import RecordsImport
from surveyapp.services.evaluation.sources import (
    SourceError,
    delete_source,
    list_sources,
    mapping_form,
    save_source,
)
from surveyapp.services.imports import keep_upload
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.staff.jobs import ask

#: Each list of reference data: what a person calls it, what it gives the evaluation, its button.
REFERENCE = {
    "practices": (
        "Practices",
        "referrals per 1,000 registered patients, per practice and PCN",
        "Load the practices",
    ),
    "link-workers": (
        "Link workers",
        "caseloads against each link worker's capacity",
        "Load the link workers",
    ),
    "population": (
        "The area's population",
        "who is reached beside who lives there (characteristic: age_band, gender, ethnicity "
        "or ward)",
        "Load the population",
    ),
}
#: What each of our columns holds, said beside its choice on the form that sets up a source.
COLUMN_HINTS = {
    "referral_id": "The referral's own number: a referral's rows share it",
    "person_id": "Pseudonymous: the number the service's system gives the person, never their "
    "NHS number or name",
    "referral_date": "The day the referral was made: waits are counted from it",
    "referral_source": "Who referred: GP, self, mental health team",
    "practice": "The GP practice",
    "pcn": "The primary care network",
    "link_worker": "The link worker (social prescriber)",
    "first_contact_date": "The day of the first contact",
    "declined": "Whether the referral was declined: yes or no, or SNOMED CT 871711000000103",
    "needs": "Needs, with ; between several",
    "support_offered": "Support offered and services referred to, with ; between several",
    "discharge_date": "The day of discharge",
    "discharge_reason": "Why the person was discharged",
    "participant_code": "The code that pairs the person's ONS4 answers",
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "ward": "Ward",
}


def _page(
    slug: str,
    *,
    result: RecordsImport | None = None,
    reference: object = None,
    token: str = "",
    errors: list[tuple[str, str]] | None = None,
    typed: dict[str, str] | None = None,
) -> Page:
    study = get_study(db.session, slug)
    blocked = result is not None and bool(result.blocking)
    return render_template(
        "staff/evaluation_import.html",
        title=f"{'Error: ' if errors or blocked else ''}Import service records: {study.name}",
        study=study,
        sources=list_sources(db.session, slug),
        result=result,
        reference=reference,
        token=token,
        errors=errors or [],
        typed=typed or {},
        lists=REFERENCE,
        list_columns={kind: columns for kind, (columns, _, _) in REFERENCE_COLUMNS.items()},
        required=REQUIRED,
        hints=COLUMN_HINTS,
    ), (400 if errors or blocked else 200)


def _from_job(slug: str, job: Job) -> Page:
    """The page as the check, import or load left it: its result, or why it could not be done."""
    if job.study is None or job.study.slug != slug or job.kind not in ("records", "reference"):
        raise NotFoundError("This is not an import of this evaluation's records")
    params = job.params
    if job.kind == "reference":
        if job.state == "failed":
            return _page(slug, errors=[(f"reference-{params['kind']}", job.message)])
        found = jobs_service.shown_result(db.session, job, jobs_service.REFERENCE_RESULT)
        return _page(slug, reference=found)
    typed = {"source": str(params.get("source") or "")}
    if job.state == "failed":
        return _page(slug, errors=[("file", job.message)], typed=typed)
    result = jobs_service.shown_result(db.session, job, jobs_service.RECORDS_RESULT)
    imported = bool(params.get("go")) and not result.blocking
    return _page(slug, result=result, token="" if imported else params["upload"], typed=typed)


def _done_or_progress(slug: str, job: Job) -> Response:
    if job.state in ("queued", "running"):
        return redirect(url_for(".job", job_id=job.id), code=303)
    return redirect(url_for(".evaluation_import", slug=slug, job=job.id), code=303)


def _kept(field: str, what: str) -> str:
    """The uploaded file of form field ``field``, kept in the database: its key."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        raise ServiceError(f"Choose the CSV or Excel (.xlsx) file of {what}")
    return keep_upload(db.session, upload.read(), upload.filename)


@role_required(*STAFF)
def evaluation_import(slug: str) -> Page | Response:
    if request.method == "GET":
        if request.args.get("job"):
            return _from_job(slug, jobs_service.get_job(db.session, request.args["job"]))
        return _page(slug)
    typed = request.form.to_dict()
    try:
        token = typed.get("token") or _kept("file", "the service's records")
        params = {
            "upload": token,
            "source": typed.get("source", ""),
            "go": typed.get("go") == "import",
        }
        job = ask("records", slug, params)
    except ServiceError as exc:
        return _page(slug, errors=[("file", str(exc))], typed=typed)
    return _done_or_progress(slug, job)


@role_required(*STAFF)
def evaluation_reference(slug: str) -> Page | Response:
    kind = request.form.get("kind", "")
    try:
        if kind not in REFERENCE:
            raise ServiceError(f"Choose one of the lists: {', '.join(REFERENCE)}")
        token = _kept("file", REFERENCE[kind][0].lower())
        job = ask("reference", slug, {"upload": token, "kind": kind})
    except ServiceError as exc:
        field = f"reference-{kind}" if kind in REFERENCE else "reference-practices"
        return _page(slug, errors=[(field, str(exc))])
    return _done_or_progress(slug, job)


def _sources_page(
    slug: str,
    *,
    form: object = None,
    token: str = "",
    errors: list[tuple[str, str]] | None = None,
    typed: dict[str, str] | None = None,
) -> Page:
    study = get_study(db.session, slug)
    title = "Set up the columns of another system" if form else "Other systems' exports"
    return render_template(
        "staff/evaluation_sources.html",
        title=f"{'Error: ' if errors else ''}{title}: {study.name}",
        heading=title,
        study=study,
        sources=list_sources(db.session, slug),
        form=form,
        token=token,
        errors=errors or [],
        typed=typed,
        columns=RECORD_COLUMNS,
        required=REQUIRED,
        hints=COLUMN_HINTS,
        date_orders=DATE_ORDER_CHOICES,
    ), (400 if errors else 200)


@role_required(*STAFF)
def evaluation_sources(slug: str) -> Page | Response:
    """The sources saved; a file of another system read for its headers; its mapping saved,
    then the file checked through it (the dry run shows the mapping applied)."""
    if request.method == "GET":
        return _sources_page(slug)
    typed = request.form.to_dict()
    token = typed.get("token", "")
    if typed.get("save") != "source":  # a file to set a source up from (or one kept already)
        try:
            token = token or _kept("file", "the other system's export")
            form = mapping_form(db.session, slug, token, typed.get("source") or None)
        except ServiceError as exc:
            return _sources_page(slug, errors=[("file", str(exc))])
        return _sources_page(slug, form=form, token=token)
    columns = {c: typed.get(f"column-{c}", "") for c in RECORD_COLUMNS}
    name = typed.get("name", "")
    try:
        saved = save_source(
            db.session,
            slug,
            name,
            {ours: theirs for ours, theirs in columns.items() if theirs.strip()},
            date_order=typed.get("date_order", ""),
            contact_date_column=typed.get("contact_date_column") or None,
            upload=token,
        )
        job = ask("records", slug, {"upload": token, "source": saved.name, "go": False})
    except SourceError as exc:
        form = mapping_form(db.session, slug, token)
        # Each problem leads to its control: our columns' selects are "column-<ours>".
        errors = [(f"column-{f}" if f in RECORD_COLUMNS else f, m) for f, m in exc.problems]
        return _sources_page(slug, form=form, token=token, errors=errors, typed=typed)
    except ServiceError as exc:
        return _sources_page(slug, errors=[("file", str(exc))])
    return _done_or_progress(slug, job)


@role_required(*STAFF)
def evaluation_source_delete(slug: str, source_id: int) -> Response:
    name = delete_source(db.session, slug, source_id)
    flash(f"The source '{name}' is deleted. Records imported through it are kept.")
    return redirect(url_for(".evaluation_sources", slug=slug), code=303)
