"""Staff's paper page: print serial-numbered forms, set the share keyed twice, settle the
disagreements of two keyings, find a response by reference or serial. Parse, call one service,
render."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.paper import (
    agreement_report,
    get_batch,
    open_discrepancies,
    paper_page,
    print_batch,
    resolve_discrepancy,
    set_double_entry,
)
from surveyapp.services.responses import locate_response
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.inputs import checked_text
from surveyapp.web.staff.jobs import ask, file_or_progress


def _paper_page(slug: str, error: str | None = None, typed: dict | None = None) -> Page:
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


@role_required(*STAFF)
def paper(slug: str) -> Page:
    return _paper_page(slug)


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


@role_required(*STAFF)
def batch_download(slug: str, batch_id: int) -> Response:
    batch = get_batch(db.session, slug, batch_id)  # a batch of another study is not found
    return file_or_progress(ask("paper", slug, {"batch": batch.id}))


@role_required(*STAFF)
def double_entry(slug: str) -> WerkzeugResponse | tuple[str, int]:
    typed = request.form.get("percent", "").strip().rstrip("%")
    study = get_study(db.session, slug)
    try:
        checked_text(typed, "The share to key twice")
        set_double_entry(db.session, study, int(typed), current_user)
    except ValueError:
        return _paper_page(slug, f"'{typed}' is not a percentage: type a whole number, like 10")
    except ServiceError as exc:
        return _paper_page(slug, str(exc))
    flash(f"{study.double_entry_percent}% of paper forms will be keyed twice from now on.")
    return redirect(url_for(".paper", slug=slug))


@role_required(*STAFF)
def discrepancies(slug: str, error: str | None = None, typed: dict | None = None) -> Page:
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


@role_required(*STAFF)
def resolve(slug: str, discrepancy_id: int) -> Page:
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


@role_required(*STAFF)
def find_response(slug: str) -> Page:
    """A response by its reference or its paper serial, as typed."""
    if "find" not in request.args:
        return _paper_page(slug)
    typed = request.args["find"]
    try:
        found = locate_response(db.session, slug, typed)
    except ServiceError as exc:
        return _paper_page(slug, str(exc), {"find": typed})
    return redirect(url_for(".response", slug=slug, reference=found.reference))
