"""A study's report: the sections staff write (one form), and the report itself, opened in the
browser or downloaded as a web page or a Word document."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.services import ServiceError, studies
from surveyapp.services.findings.publication import report_sections, save_report_sections
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.inputs import checked_text
from surveyapp.web.staff.findings import chosen
from surveyapp.web.staff.jobs import ask, file_or_progress


def _page(slug: str, typed: dict[str, str] | None = None, error: str | None = None) -> Page:
    study = studies.get_study(db.session, slug)
    sections = report_sections(db.session, study)
    html = render_template(
        "staff/report.html",
        title=f"{'Error: ' if error else ''}Report: {study.name}",
        study=study,
        sections=sections,
        typed=typed or {},
        error=error,
        chosen=chosen(),
    )
    return (html, 400) if error else html


@role_required(*STAFF)
def report(slug: str) -> Page:
    return _page(slug)


@role_required(*STAFF)
def save_report(slug: str) -> Page:
    study = studies.get_study(db.session, slug)
    sections = report_sections(db.session, study)
    texts = {s.key: request.form.get(s.key, "") for s in sections}
    try:
        for s in sections:
            checked_text(texts[s.key], f"'{s.heading}'", multiline=True)
        save_report_sections(db.session, study, texts, current_user)
    except ServiceError as exc:
        # Nothing saved; the page comes back with every section as it was typed.
        return _page(slug, texts, str(exc))
    flash("Saved the report's sections.")
    return redirect(url_for(".report", slug=slug, i=chosen()))


@role_required(*STAFF)
def report_html(slug: str) -> Response:
    """The report opened in the browser; with ``?download=1``, saved as a file. Made as a job:
    when it is not ready at once, its progress page."""
    job = ask("report", slug, {"instruments": chosen(), "format": "html"})
    return file_or_progress(job, inline=not request.args.get("download"))


@role_required(*STAFF)
def report_docx(slug: str) -> Response:
    return file_or_progress(ask("report", slug, {"instruments": chosen(), "format": "docx"}))
