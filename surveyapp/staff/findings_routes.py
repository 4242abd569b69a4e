"""A study's Findings page and its downloads (part of the staff blueprint)."""

from __future__ import annotations

import io

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.services import findings as findings_service
from surveyapp.services import studies
from surveyapp.staff.routes import STAFF, bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _chosen() -> list[str]:
    """The instruments ticked on the page (``?i=patient&i=professional``); none means all."""
    return [k for k in request.args.getlist("i") if k]


@bp.get("/studies/<slug>/findings")
@role_required(*STAFF)
def findings(slug: str) -> str:
    study = studies.get_study(db.session, slug)
    row, column = request.args.get("row", ""), request.args.get("column", "")
    page = findings_service.findings_page(db.session, study, _chosen(), row, column)
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


@bp.post("/studies/<slug>/findings/edit")
@role_required(*STAFF)
def edit_finding(slug: str) -> WerkzeugResponse:
    study = studies.get_study(db.session, slug)
    findings_service.save_finding(
        db.session, study, request.form.get("key", ""), request.form.get("text", ""), current_user
    )
    flash("Finding saved; the report and workbook use your wording.")
    return redirect(url_for(".findings", slug=slug, i=_chosen()) + "#findings")


def _download(data: bytes | str, filename: str, mimetype: str) -> FlaskResponse:
    return FlaskResponse(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/studies/<slug>/findings/appendix.xlsx")
@role_required(*STAFF)
def appendix_download(slug: str) -> FlaskResponse:
    study = studies.get_study(db.session, slug)
    buffer = io.BytesIO()
    findings_service.write_appendix(db.session, study, _chosen(), buffer)
    return _download(buffer.getvalue(), f"{slug}-appendix.xlsx", XLSX)


@bp.get("/studies/<slug>/findings/report.html")
@role_required(*STAFF)
def report_html(slug: str) -> FlaskResponse:
    from exports.report import findings_html

    study = studies.get_study(db.session, slug)
    content = findings_service.findings_content(db.session, study, _chosen())
    return _download(findings_html(content), f"{slug}-findings.html", "text/html")


@bp.get("/studies/<slug>/findings/report.docx")
@role_required(*STAFF)
def report_docx(slug: str) -> FlaskResponse:
    from exports.report import findings_docx

    study = studies.get_study(db.session, slug)
    content = findings_service.findings_content(db.session, study, _chosen())
    return _download(findings_docx(content), f"{slug}-findings.docx", DOCX)
