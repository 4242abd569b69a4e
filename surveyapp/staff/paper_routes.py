"""Staff views of paper returns: print forms, the double-entry share, disagreements to settle,
data-quality findings, and one response with its history. Parse, call one service, render."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.paper_overview import open_issues, paper_page, set_double_entry
from surveyapp.services.paper_print import (
    batch_filename,
    batch_pdf,
    get_batch,
    print_batch,
)
from surveyapp.services.reconcile import agreement_report, open_discrepancies, resolve_discrepancy
from surveyapp.services.response_changes import confirm_issue, correct_answer, void_response
from surveyapp.services.response_record import locate_response, response_record
from surveyapp.services.studies import get_study
from surveyapp.staff.routes import STAFF, bp


def _paper_page(slug: str, error: str | None = None, typed: dict | None = None):
    page = paper_page(db.session, slug)
    return render_template(
        "staff/paper.html",
        title=f"Paper forms: {page.study.name}",
        study=page.study,
        instruments=page.instruments,
        overview=page.overview,
        batches=page.batches,
        error=error,
        typed=typed or {},
    ), (400 if error else 200)


@bp.get("/studies/<slug>/paper")
@role_required(*STAFF)
def paper(slug: str):
    return _paper_page(slug)


@bp.post("/studies/<slug>/paper/print")
@role_required(*STAFF)
def print_forms(slug: str) -> WerkzeugResponse | tuple[str, int]:
    typed = request.form.to_dict()
    key, _, version = typed.get("instrument", "").partition("/v")
    try:
        copies = int(typed.get("copies", "").strip())
    except ValueError:
        return _paper_page(slug, "Type the number of copies as a whole number, like 50", typed)
    try:
        batch = print_batch(
            db.session,
            slug,
            key,
            int(version) if version.isdigit() else None,
            copies,
            large_print=typed.get("large_print") == "1",
            user=current_user,
        )
    except ServiceError as exc:
        return _paper_page(slug, str(exc), typed)
    flash(
        f"Printed {batch.copies} cop{'y' if batch.copies == 1 else 'ies'}: serials "
        f"{batch.forms[0].serial} to {batch.forms[-1].serial}. Download the PDF below."
    )
    return redirect(url_for(".paper", slug=slug))


@bp.get("/studies/<slug>/paper/batches/<int:batch_id>.pdf")
@role_required(*STAFF)
def batch_download(slug: str, batch_id: int) -> FlaskResponse:
    batch = get_batch(db.session, slug, batch_id)
    data = batch_pdf(
        db.session,
        batch,
        organisation=str(current_app.config["ORG_NAME"]),
        return_address=current_app.config.get("ORG_RETURN_ADDRESS"),
    )
    return FlaskResponse(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{batch_filename(batch)}"'},
    )


@bp.post("/studies/<slug>/paper/double-entry")
@role_required(*STAFF)
def double_entry(slug: str) -> WerkzeugResponse | tuple[str, int]:
    typed = request.form.get("percent", "").strip().rstrip("%")
    study = get_study(db.session, slug)
    try:
        set_double_entry(db.session, study, int(typed), current_user)
    except ValueError:
        return _paper_page(slug, f"'{typed}' is not a percentage: type a whole number, like 10")
    except ServiceError as exc:
        return _paper_page(slug, str(exc))
    flash(f"{study.double_entry_percent}% of paper forms will be keyed twice from now on.")
    return redirect(url_for(".paper", slug=slug))


@bp.get("/studies/<slug>/paper/discrepancies")
@role_required(*STAFF)
def discrepancies(slug: str, error: str | None = None, typed: dict | None = None):
    study = get_study(db.session, slug)
    return render_template(
        "staff/discrepancies.html",
        title=f"Double entry: {study.name}",
        study=study,
        discrepancies=open_discrepancies(db.session, study),
        agreement=agreement_report(db.session, study),
        error=error,
        typed=typed or {},
    ), (400 if error else 200)


@bp.post("/studies/<slug>/paper/discrepancies/<int:discrepancy_id>")
@role_required(*STAFF)
def resolve(slug: str, discrepancy_id: int):
    form = request.form
    try:
        resolve_discrepancy(
            db.session,
            slug,
            discrepancy_id,
            current_user,
            form.get("choice", ""),
            form.get("reason", ""),
            {"value": form.get("value", ""), "other": form.get("other", "")},
        )
    except ServiceError as exc:
        return discrepancies(slug, error=str(exc), typed={"id": discrepancy_id, **form.to_dict()})
    flash("Settled. The answer now holds the value chosen, and its history says why.")
    return redirect(url_for(".discrepancies", slug=slug))


@bp.get("/studies/<slug>/quality")
@role_required(*STAFF)
def quality(slug: str, error: str | None = None):
    study = get_study(db.session, slug)
    return render_template(
        "staff/quality.html",
        title=f"Data quality: {study.name}",
        study=study,
        issues=open_issues(db.session, study),
        error=error,
    ), (400 if error else 200)


@bp.post("/studies/<slug>/quality/<int:issue_id>")
@role_required(*STAFF)
def confirm(slug: str, issue_id: int):
    try:
        confirm_issue(db.session, slug, issue_id, current_user, request.form.get("reason", ""))
    except ServiceError as exc:
        return quality(slug, error=str(exc))
    flash("Confirmed as on paper: the response counts.")
    return redirect(url_for(".quality", slug=slug))


def _record_page(slug: str, reference: str, error: str | None = None, typed: dict | None = None):
    record = response_record(db.session, slug, reference)
    return render_template(
        "staff/response.html",
        title=f"Response {record.response.reference}",
        record=record,
        error=error,
        typed=typed or {},
    ), (400 if error else 200)


@bp.get("/studies/<slug>/responses")
@role_required(*STAFF)
def find_response(slug: str):
    """A response by its reference or its paper serial, as typed."""
    if "find" not in request.args:
        return _paper_page(slug)
    typed = request.args["find"]
    try:
        found = locate_response(db.session, slug, typed)
    except ServiceError as exc:
        return _paper_page(slug, str(exc), {"find": typed})
    return redirect(url_for(".response", slug=slug, reference=found.reference))


@bp.get("/studies/<slug>/responses/<reference>")
@role_required(*STAFF)
def response(slug: str, reference: str):
    return _record_page(slug, reference)


@bp.post("/studies/<slug>/responses/<reference>/correct")
@role_required(*STAFF)
def correct(slug: str, reference: str):
    typed = request.form.to_dict()
    question_id, _, item = typed.get("answer", "").partition(":")
    record = response_record(db.session, slug, reference)
    try:
        changed = correct_answer(
            db.session,
            record.response,
            current_user,
            question_id=question_id,
            item=item,
            value=typed.get("value", ""),
            other=typed.get("other", ""),
            reason=typed.get("reason", ""),
        )
    except ServiceError as exc:
        return _record_page(slug, reference, str(exc), typed)
    flash("Corrected; the change is in the history below." if changed else "Nothing changed.")
    return redirect(url_for(".response", slug=slug, reference=reference))


@bp.post("/studies/<slug>/responses/<reference>/void")
@role_required(*STAFF)
def void(slug: str, reference: str):
    record = response_record(db.session, slug, reference)
    try:
        void_response(db.session, record.response, current_user, request.form.get("reason", ""))
    except ServiceError as exc:
        return _record_page(slug, reference, str(exc), request.form.to_dict())
    flash(f"Response {reference} is void: it no longer counts anywhere.")
    return redirect(url_for(".response", slug=slug, reference=reference))
