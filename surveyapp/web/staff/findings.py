"""A study's Findings page and its downloads: the appendix workbook and the findings report."""

from __future__ import annotations

import io

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.results import FindingsContent
from exports.report import findings_docx, findings_html
from exports.workbook import appendix_workbook
from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.services import findings as findings_service
from surveyapp.services import studies
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.downloads import DOCX, HTML, XLSX, attachment


def _chosen() -> list[str]:
    """The instruments ticked on the page (``?i=patient&i=professional``); none means all."""
    return [k for k in request.args.getlist("i") if k]


@role_required(*STAFF)
def findings(slug: str) -> str:
    study = studies.get_study(db.session, slug)
    row, column = request.args.get("row", ""), request.args.get("column", "")
    page = findings_service.findings_page(
        db.session,
        study,
        _chosen(),
        row,
        column,
        small_base=settings.small_base(),
        organisation=settings.organisation_name(),
    )
    return render_template(
        "staff/findings.html",
        title=f"Findings: {study.name}",
        study=study,
        page=page,
        content=page.content,
        definitions=page.definitions,
        chosen=_chosen(),
        comparison=page.comparison,
        row=row,
        column=column,
    )


@role_required(*STAFF)
def edit_finding(slug: str) -> WerkzeugResponse:
    study = studies.get_study(db.session, slug)
    findings_service.save_finding(
        db.session,
        study,
        request.form.get("key", ""),
        request.form.get("text", ""),
        current_user,
        small_base=settings.small_base(),
    )
    flash("Finding saved; the report and workbook use your wording.")
    return redirect(url_for(".findings", slug=slug, i=_chosen()) + "#findings")


@role_required(*STAFF)
def appendix_download(slug: str) -> Response:
    study = studies.get_study(db.session, slug)
    appendix = findings_service.appendix(db.session, study, _chosen())
    buffer = io.BytesIO()
    appendix_workbook(
        appendix.tables,
        buffer,
        title=appendix.title,
        organisation=settings.organisation_name(),
        themes=appendix.themes,
    )
    return attachment(buffer.getvalue(), f"{slug}-appendix.xlsx", XLSX)


@role_required(*STAFF)
def report_html(slug: str) -> Response:
    return attachment(findings_html(_content(slug)), f"{slug}-findings.html", HTML)


@role_required(*STAFF)
def report_docx(slug: str) -> Response:
    return attachment(findings_docx(_content(slug)), f"{slug}-findings.docx", DOCX)


def _content(slug: str) -> FindingsContent:
    return findings_service.findings_content(
        db.session,
        studies.get_study(db.session, slug),
        _chosen(),
        small_base=settings.small_base(),
        organisation=settings.organisation_name(),
    )
