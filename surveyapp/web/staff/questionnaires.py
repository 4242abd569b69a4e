"""Questionnaires designed in the app: upload a YAML file or an XLSForm, read every problem,
preview it as the online form and as the paper form, publish it as a new version; download any
published version as YAML or XLSForm. Parse, call one service, render or send."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from exports.paper.form import PrintedCopy, paper_forms_pdf
from surveyapp.extensions import db
from surveyapp.forms.pages import page_index, pages
from surveyapp.forms.questionnaire import section_form_class
from surveyapp.services import ServiceError
from surveyapp.services.design import questionnaires as authoring
from surveyapp.settings import organisation_name, return_address
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.downloads import PDF, XLSX, attachment

YAML = "application/yaml"


def _list_page(error: str | None = None) -> Page:
    return render_template(
        "staff/questionnaires.html",
        title=f"{'Error: ' if error else ''}Questionnaires",
        versions=authoring.published_versions(db.session),
        error=error,
    ), (400 if error else 200)


@role_required(*STAFF)
def questionnaires() -> Page:
    """Every published version with its downloads; upload a file to check and publish."""
    if request.method == "GET":
        return _list_page()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _list_page("Choose the questionnaire file to upload (.yaml or XLSForm .xlsx)")
    try:
        token = authoring.keep_questionnaire(db.session, upload.read(), upload.filename)
    except ServiceError as exc:
        return _list_page(str(exc))
    return redirect(url_for(".questionnaire_upload", upload=token), code=303)


def _checked(token: str) -> authoring.CheckedUpload:
    """The kept upload checked; one no longer kept is a page saying to upload it again."""
    return authoring.check_upload(db.session, token)


@role_required(*STAFF)
def questionnaire_upload(upload: str) -> str:
    """The kept upload checked: every problem to fix, or what publishing will do."""
    checked = _checked(upload)
    return render_template(
        "staff/questionnaire_upload.html", title=f"Check {checked.filename}", checked=checked
    )


def _previewable(upload: str) -> authoring.CheckedUpload:
    checked = _checked(upload)
    if checked.definition is None or checked.problems:
        abort(404)
    return checked


@role_required(*STAFF)
def preview_form(upload: str) -> str:
    """A part of the online form as people will see it (nothing is saved from here)."""
    checked = _previewable(upload)
    definition = checked.definition
    assert definition is not None  # noqa: S101 - _previewable refuses an upload without one
    all_pages = pages(definition)
    index = page_index(definition, request.args.get("part"))
    if index < 0:
        abort(404)
    section = all_pages[index]
    form = section_form_class(definition, section, first=index == 0)(formdata=None)
    return render_template(
        "staff/questionnaire_preview.html",
        title=f"Preview: {definition.title}",
        checked=checked,
        definition=definition,
        section=section,
        sections=all_pages,
        index=index,
        form=form,
    )


@role_required(*STAFF)
def preview_paper(upload: str) -> str:
    """The printable form, as the public print view shows a published one."""
    checked = _previewable(upload)
    return render_template(
        "public/print.html",
        title=f"Paper preview: {checked.filename}",
        definition=checked.definition,
        study={"name": f"Preview of {checked.filename}, not published yet"},
    )


@role_required(*STAFF)
def preview_paper_pdf(upload: str) -> WerkzeugResponse:
    """One copy of the paper form as it will print, its serial reading PREVIEW."""
    checked = _previewable(upload)
    assert checked.definition is not None  # noqa: S101 - _previewable refuses otherwise
    data = paper_forms_pdf(
        checked.definition,
        [PrintedCopy("PREVIEW", "preview")],
        organisation=organisation_name(),
        study_name="Preview - not for use",
        return_address=return_address(),
    )
    return attachment(data, f"{checked.definition.key}-preview.pdf", PDF)


@role_required(*STAFF)
def publish_questionnaire(upload: str) -> Page:
    try:
        version = authoring.publish_upload(db.session, upload, current_user)
    except ServiceError as exc:
        checked = _checked(upload)
        return render_template(
            "staff/questionnaire_upload.html",
            title=f"Error: Check {checked.filename}",
            checked=checked,
            error=str(exc),
        ), 400
    flash(f"{version.label} ({version.title}) is published. Attach it to a study to use it.")
    return redirect(url_for(".questionnaires"), code=303)


@role_required(*STAFF)
def questionnaire_yaml(key: str, version: int) -> WerkzeugResponse:
    text = authoring.version_yaml(db.session, key, version)
    return attachment(text, f"{key}-v{version}.yaml", YAML)


@role_required(*STAFF)
def questionnaire_xlsform(key: str, version: int) -> WerkzeugResponse:
    data = authoring.version_xlsform(db.session, key, version)
    return attachment(data, f"{key}-v{version}.xlsx", XLSX)
