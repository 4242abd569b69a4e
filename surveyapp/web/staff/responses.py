"""One response as staff see it (its answers, findings, disagreements and history), correcting
an answer, voiding a response, and the data-quality findings to confirm. Parse, call one
service, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.paper import open_issues
from surveyapp.services.responses import (
    confirm_issue,
    correct_answer,
    response_record,
    void_response,
)
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.inputs import typed_text


@role_required(*STAFF)
def quality(slug: str, error: str | None = None) -> Page:
    study = get_study(db.session, slug)
    return render_template(
        "staff/quality.html",
        title=f"Data quality: {study.name}",
        study=study,
        issues=open_issues(db.session, study),
        error=error,
    ), (400 if error else 200)


@role_required(*STAFF)
def confirm(slug: str, issue_id: int) -> Page:
    try:
        confirm_issue(
            db.session,
            slug,
            issue_id,
            current_user,
            typed_text("reason", "The reason", multiline=True),
        )
    except ServiceError as exc:
        return quality(slug, error=str(exc))
    flash("Confirmed as on paper: the response counts.")
    return redirect(url_for(".quality", slug=slug))


def _record_page(
    slug: str, reference: str, error: str | None = None, typed: dict | None = None
) -> Page:
    record = response_record(db.session, slug, reference)
    return render_template(
        "staff/response.html",
        title=f"Response {record.response.reference}",
        record=record,
        error=error,
        typed=typed or {},
    ), (400 if error else 200)


@role_required(*STAFF)
def response(slug: str, reference: str) -> Page:
    return _record_page(slug, reference)


@role_required(*STAFF)
def correct(slug: str, reference: str) -> Page:
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


@role_required(*STAFF)
def void(slug: str, reference: str) -> Page:
    record = response_record(db.session, slug, reference)
    try:
        void_response(
            db.session,
            record.response,
            current_user,
            typed_text("reason", "The reason", multiline=True),
        )
    except ServiceError as exc:
        return _record_page(slug, reference, str(exc), request.form.to_dict())
    flash(f"Response {reference} is void: it no longer counts anywhere.")
    return redirect(url_for(".response", slug=slug, reference=reference))
