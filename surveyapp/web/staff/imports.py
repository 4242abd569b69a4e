"""Staff import of returns from CSV or XLSX: upload, read the dry run, then import the valid
rows. Parse, call one service, render."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.imports import ImportResult, check_or_import_upload
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required


def _page(
    slug: str,
    *,
    result: ImportResult | None = None,
    token: str = "",
    error: str | None = None,
    typed: dict[str, str] | None = None,
) -> Page:
    study = get_study(db.session, slug)
    return render_template(
        "staff/import.html",
        title=f"Import returns: {study.name}",
        study=study,
        result=result,
        token=token,
        error=error,
        typed=typed or {},
    ), (400 if error else 200)


@role_required(*STAFF)
def import_page(slug: str) -> Page:
    if request.method == "GET":
        return _page(slug)
    typed = request.form.to_dict()
    upload = request.files.get("file")
    try:
        result, token = check_or_import_upload(
            db.session,
            current_app.instance_path,
            slug,
            typed.get("instrument", ""),
            upload=(upload.read(), upload.filename or "") if upload else None,
            token=typed.get("token") or None,
            go=typed.get("go") == "import",
            ignore_unknown_columns=typed.get("ignore_unknown_columns") == "1",
            user=current_user,
        )
    except ServiceError as exc:
        return _page(slug, error=str(exc), typed=typed)
    return _page(slug, result=result, token=token, typed=typed)
