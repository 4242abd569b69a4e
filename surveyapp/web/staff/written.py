"""What people wrote after "Other (please specify)", grouped by staff: the questions with a line
to write on, and one question's written answers with the row each counts in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.services import ServiceError, studies
from surveyapp.services.findings import save_grouping, write_in, write_in_questions
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.inputs import checked_text


@role_required(*STAFF)
def written_answers(slug: str) -> Page:
    study = studies.get_study(db.session, slug)
    return render_template(
        "staff/written.html",
        title=f"What people wrote after 'Other': {study.name}",
        study=study,
        questions=write_in_questions(db.session, study),
    )


def _question_page(
    slug: str, key: str, question_id: str, typed: dict | None = None, error: str | None = None
) -> Page:
    study = studies.get_study(db.session, slug)
    found = write_in(db.session, study, key, question_id)
    html = render_template(
        "staff/written_question.html",
        title=f"{'Error: ' if error else ''}{found.question.text}: {study.name}",
        study=study,
        found=found,
        typed=typed or {},
        error=error,
    )
    return (html, 400) if error else html


@role_required(*STAFF)
def written_question(slug: str, key: str, question_id: str) -> Page:
    return _question_page(slug, key, question_id)


@role_required(*STAFF)
def save_written_question(slug: str, key: str, question_id: str) -> Page:
    study = studies.get_study(db.session, slug)
    written = request.form.getlist("written")
    shown_as = {w: request.form.get(f"as-{n}", "") for n, w in enumerate(written, start=1)}
    try:
        for w, text in shown_as.items():
            checked_text(text, f"The wording shown for '{w}'")
        grouped = save_grouping(db.session, study, key, question_id, shown_as, current_user)
    except ServiceError as exc:
        return _question_page(slug, key, question_id, shown_as, str(exc))
    flash(
        f"Saved: {grouped} written answer{'' if grouped == 1 else 's'} counted in another row. "
        "The tables and report use them."
    )
    return redirect(url_for(".written_question", slug=slug, key=key, question_id=question_id))
